package dev.safeops.core.internal;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.ResourceChange;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The changes of a plan without their attributes (address, type, provider, action, action
 * reason), kept in a {@link SpillFile} in arrival order and read back as a list whose elements
 * are built when they are asked for. A million changes cost a few kilobytes of heap: one
 * position per {@value #STRIDE} changes, and one copy of each distinct type, provider and
 * reason. Written by one thread; the {@link #list()} is thread-safe.
 */
public final class SkeletonChanges implements Closeable {
  static final int STRIDE = 1024;
  /** Distinct strings kept once; beyond this many, a string is written with each change. */
  private static final int DICTIONARY_LIMIT = 1 << 16;
  private static final int NONE = -1;
  private static final int INLINE = -2;

  private final SpillFile spill;
  private final DataOutputStream out;
  private final Map<String, Integer> codes = new HashMap<>();
  private final List<String> dictionary = new ArrayList<>();
  private long[] checkpoints = new long[16];
  private int size;

  public SkeletonChanges(long memoryLimit) {
    this.spill = SpillFile.create(memoryLimit);
    this.out = new DataOutputStream(spill);
  }

  public void add(ResourceChange c) {
    try {
      if (size % STRIDE == 0) {
        if (size / STRIDE == checkpoints.length) {
          checkpoints = Arrays.copyOf(checkpoints, checkpoints.length * 2);
        }
        out.flush();
        checkpoints[size / STRIDE] = spill.size();
      }
      SpillFile.writeString(out, c.address());
      out.writeByte(c.action().ordinal());
      writeCoded(c.type());
      writeCoded(c.provider());
      writeCoded(c.actionReason().orElse(null));
      size++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the temporary file a big plan needs: " + e.getMessage(), e);
    }
  }

  public int size() {
    return size;
  }

  /** The changes added, as an unmodifiable list; call once writing is done. */
  public List<ResourceChange> list() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Skeleton();
  }

  @Override
  public void close() {
    try {
      spill.close();
    } catch (IOException e) {
      // scratch space only, unlinked already
    }
  }

  private void writeCoded(String s) throws IOException {
    if (s == null) {
      out.writeInt(NONE);
      return;
    }
    Integer code = codes.get(s);
    if (code == null && dictionary.size() < DICTIONARY_LIMIT) {
      code = dictionary.size();
      dictionary.add(s);
      codes.put(s, code);
    }
    if (code == null) {
      out.writeInt(INLINE);
      SpillFile.writeString(out, s);
    } else {
      out.writeInt(code);
    }
  }


  /** Reads sequentially from a cursor, so iterating costs one pass over the file. */
  private final class Skeleton extends AbstractList<ResourceChange> implements RandomAccess {
    private final ChangeAction[] actions = ChangeAction.values();
    private DataInputStream cursor;
    private int next = -1;

    @Override
    public int size() {
      return size;
    }

    @Override
    public synchronized ResourceChange get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException("index " + index + ", size " + size);
      }
      try {
        if (cursor == null || next != index) {
          cursor = new DataInputStream(spill.reader(checkpoints[index / STRIDE]));
          for (next = index - index % STRIDE; next < index; next++) {
            read();
          }
        }
        next++;
        return read();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read back the temporary file a big plan needs: " + e.getMessage(), e);
      }
    }

    private ResourceChange read() throws IOException {
      String address = SpillFile.readString(cursor);
      ChangeAction action = actions[cursor.readUnsignedByte()];
      String type = readCoded();
      String provider = readCoded();
      String reason = readCoded();
      return ResourceChange.builder().address(address).action(action).type(type).provider(provider).actionReason(reason).build();
    }

    private String readCoded() throws IOException {
      int code = cursor.readInt();
      if (code == NONE) {
        return null;
      }
      return code == INLINE ? SpillFile.readString(cursor) : dictionary.get(code);
    }

  }
}
