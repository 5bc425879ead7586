package dev.safeops.core.internal;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.ResourceChange;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * {@link PlanDigest} for a plan given one change at a time and never held whole: the same
 * digest, byte for byte, as {@code PlanDigest.of} over the same changes.
 *
 * <p>Each change is turned into its canonical bytes as it arrives. While the changes arrive in
 * digest order, as {@code terraform show -json} writes them (sorted by address), the bytes go
 * straight into the hash, so the digest is ready when the last change is; they are also kept,
 * with their sort keys, as the first sorted run of a {@link SpillFile}. The first change out of
 * order ends that: from then on the bytes wait with their keys in runs of bounded size, a full
 * run is sorted and spilled, and {@link #finish} merges all the runs, the first included, into
 * a new hash. Memory is one run, whatever the plan's size or order. Equal sort keys keep their
 * arrival order, as the list sort of {@code PlanDigest.of} does. Not thread-safe.
 *
 * <p>A caller that can read the plan again (a file, not a stream) may ask for a digest that
 * does not keep the first run: then the first change out of order throws {@link OutOfOrder},
 * and the caller reads the plan again with a digest that keeps it. A plan in order, which is
 * every plan Terraform writes, is then hashed without a byte of it written to a temporary file.
 */
public final class StreamingPlanDigest implements Closeable {
  /** Bytes of canonical changes one run holds before it is sorted and spilled. */
  public static final int DEFAULT_RUN_BYTES = 8 << 20;

  /**
   * A change came out of digest order to a digest that does not keep the first run: read the
   * plan again with one that does. Nothing the digest gathered is of use any more.
   */
  public static final class OutOfOrder extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfOrder(String address) {
      super("the change to " + address + " comes out of digest order", null, false, false);
    }
  }

  /** The digest, and the first address the plan holds twice, if any. */
  public record Result(String digest, Optional<String> duplicateAddress) {}

  private final int runBytes;
  private final long memoryLimit;
  private final boolean keepFirstRun;
  private final Run run = new Run();
  private final List<long[]> spilled = new ArrayList<>(); // {position, records}
  private SpillFile spill;
  private final CanonicalJson canonical;
  private final Map<String, String> bindings;
  /** The hash of the changes so far while they have all come in order; null once one did not. */
  private Hashing inOrder;
  /** Records in the first run, the one that came in order. */
  private long ordered;
  private DataOutputStream orderedRun;
  private String lastAddress;
  private ChangeAction lastAction;
  private String lastType;
  private String lastProvider;

  /**
   * A digest with these bindings, whose runs hold about {@code runBytes} of canonical changes,
   * spilled beyond {@code memoryLimit}.
   */
  public StreamingPlanDigest(int runBytes, long memoryLimit, Map<String, String> bindings) {
    this(runBytes, memoryLimit, bindings, true);
  }

  /**
   * As {@link #StreamingPlanDigest(int, long, Map)}; with {@code keepFirstRun} false, for a
   * caller that can read the plan again, changes in order are hashed and not kept, and the
   * first one out of order throws {@link OutOfOrder}.
   */
  public StreamingPlanDigest(int runBytes, long memoryLimit, Map<String, String> bindings, boolean keepFirstRun) {
    this.keepFirstRun = keepFirstRun;
    if (runBytes < 1) {
      throw new IllegalArgumentException("runBytes must be >= 1, was " + runBytes);
    }
    this.runBytes = runBytes;
    this.memoryLimit = memoryLimit;
    this.bindings = Map.copyOf(bindings);
    try {
      this.canonical = new CanonicalJson(run.bytes);
      this.inOrder = new Hashing(PlanDigest.sha256());
      PlanDigest.writeStart(inOrder, this.bindings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public StreamingPlanDigest(Map<String, String> bindings) {
    this(DEFAULT_RUN_BYTES, DEFAULT_RUN_BYTES, bindings);
  }

  /**
   * Gets the JVM's compiled SHA-256 ready before the plan's changes need it, and throws the
   * result away. Left cold, the first megabytes of a big plan go through the interpreter at a
   * tenth of the speed; called on a thread with time to spare while the plan is still being
   * read, this is done in time. It stops as soon as {@code done} says the plan has been read:
   * a small plan is hashed in moments either way, and its reader would otherwise wait for it.
   *
   * <p>The updates are mostly one byte long. Where the CPU has SHA instructions the JVM uses
   * them only from the optimised compilation of the update method that calls the block
   * function, not from the block function's own Java code. Long updates make the block
   * function, with its loop of 64 rounds, hot first, and the optimising compiler then spends
   * about 0.1 s of a core compiling Java code the plan never runs; short ones make the update
   * method hot first. One update in 100 is two blocks long, at a different place in the
   * block each time, so the update's paths for whole blocks and remainders are compiled too
   * and are not thrown away at the first change.
   */
  public static void warmUp(BooleanSupplier done) {
    MessageDigest sha = PlanDigest.sha256();
    byte[] chunk = new byte[130];
    for (int i = 1; i <= 60_000 && !done.getAsBoolean(); i++) {
      sha.update(chunk, 0, i % 100 == 0 ? chunk.length : 1);
    }
    sha.digest();
  }

  /** Adds one change. */
  public void add(ResourceChange change) {
    try {
      int start = run.bytes.size();
      PlanDigest.writeChange(canonical, change);
      canonical.flush();
      if (inOrder != null && !follows(change)) {
        if (!keepFirstRun) {
          throw new OutOfOrder(change.address());
        }
        leaveOrder();
      }
      if (inOrder != null) {
        hashInOrder(change, start);
        return;
      }
      run.add(change, start, run.bytes.size() - start);
      if (run.bytes.size() >= runBytes) {
        spillRun();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the temporary file a big plan's digest needs: " + e.getMessage(), e);
    }
  }

  /** Whether {@code c} sorts at or after the change before it. */
  private boolean follows(ResourceChange c) {
    return lastAddress == null
        || compare(lastAddress, lastAction, lastType, lastProvider, c.address(), c.action(), c.type(), c.provider()) <= 0;
  }

  /** Hashes the change just written (from {@code start} in the run's bytes) and keeps it in the first run. */
  private void hashInOrder(ResourceChange c, int start) throws IOException {
    int length = run.bytes.size() - start;
    inOrder.change(c.address(), run.bytes.buffer(), start, length);
    if (keepFirstRun) {
      if (spill == null) {
        spill = SpillFile.create(memoryLimit);
        orderedRun = new DataOutputStream(spill);
      }
      writeRecord(orderedRun, c.address(), c.action(), c.type(), c.provider(), run.bytes.buffer(), start, length);
    }
    ordered++;
    lastAddress = c.address();
    lastAction = c.action();
    lastType = c.type();
    lastProvider = c.provider();
    run.bytes.reset();
  }

  /** A change came out of order: what came before it becomes the first sorted run, to be merged. */
  private void leaveOrder() throws IOException {
    inOrder = null;
    if (ordered > 0) {
      orderedRun.flush();
      spilled.add(new long[] {0, ordered});
    }
    orderedRun = null;
  }

  private static void writeRecord(DataOutputStream out, String address, ChangeAction action, String type, String provider,
      byte[] bytes, int offset, int length) throws IOException {
    SpillFile.writeString(out, address);
    out.writeByte(action.ordinal());
    SpillFile.writeString(out, type);
    SpillFile.writeString(out, provider);
    out.writeInt(length);
    out.write(bytes, offset, length);
  }

  /** The digest of every change added. */
  public Result finish() {
    if (inOrder != null) {
      try {
        PlanDigest.writeEnd(inOrder);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Result(HexFormat.of().formatHex(inOrder.sha.digest()), Optional.ofNullable(inOrder.duplicate));
    }
    MessageDigest sha = PlanDigest.sha256();
    Hashing out = new Hashing(sha);
    try {
      PlanDigest.writeStart(out, bindings);
      if (spilled.isEmpty()) {
        Integer[] order = run.sorted();
        for (int i = 0; i < order.length; i++) {
          int r = order[i];
          out.change(run.address(r), run.bytes.buffer(), run.offsets[r], run.lengths[r]);
        }
      } else {
        spillRun();
        merge(out);
      }
      PlanDigest.writeEnd(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back the temporary file a big plan's digest needs: " + e.getMessage(), e);
    }
    return new Result(HexFormat.of().formatHex(sha.digest()), Optional.ofNullable(out.duplicate));
  }

  private void spillRun() throws IOException {
    if (run.size == 0) {
      return;
    }
    if (spill == null) {
      spill = SpillFile.create(memoryLimit);
    }
    long position = spill.size();
    DataOutputStream out = new DataOutputStream(spill);
    for (int r : run.sorted()) {
      writeRecord(out, run.addresses[r], run.actions[r], run.types[r], run.providers[r], run.bytes.buffer(), run.offsets[r],
          run.lengths[r]);
    }
    out.flush();
    spilled.add(new long[] {position, run.size});
    run.clear();
  }

  private void merge(Hashing out) throws IOException {
    PriorityQueue<Cursor> heads = new PriorityQueue<>();
    for (int i = 0; i < spilled.size(); i++) {
      Cursor c = new Cursor(i, new DataInputStream(spill.reader(spilled.get(i)[0])), spilled.get(i)[1]);
      if (c.next()) {
        heads.add(c);
      }
    }
    while (!heads.isEmpty()) {
      Cursor c = heads.poll();
      out.change(c.address, c.bytes, 0, c.length);
      if (c.next()) {
        heads.add(c);
      }
    }
  }

  @Override
  public void close() {
    try {
      if (spill != null) {
        spill.close();
      }
    } catch (IOException e) {
      // Nothing is lost: the file was only ever scratch space, and it is unlinked already.
    }
  }



  /** Compares sort keys as {@link PlanDigest#ORDER} does. */
  private static int compare(String a1, ChangeAction b1, String c1, String d1, String a2, ChangeAction b2, String c2, String d2) {
    int x = a1.compareTo(a2);
    if (x != 0) {
      return x;
    }
    x = b1.name().compareTo(b2.name());
    if (x != 0) {
      return x;
    }
    x = c1.compareTo(c2);
    return x != 0 ? x : d1.compareTo(d2);
  }

  /** The hash input, which also notices two changes in a row with one address. */
  private static final class Hashing extends java.io.OutputStream {
    private final MessageDigest sha;
    private boolean first = true;
    private String previous;
    String duplicate;

    Hashing(MessageDigest sha) {
      this.sha = sha;
    }

    void change(String address, byte[] b, int off, int len) {
      if (!first) {
        sha.update((byte) ',');
      }
      first = false;
      if (duplicate == null && address.equals(previous)) {
        duplicate = address;
      }
      previous = address;
      sha.update(b, off, len);
    }

    @Override
    public void write(int b) {
      sha.update((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      sha.update(b, off, len);
    }
  }

  /** The changes of the current run: their keys, and their canonical bytes back to back. */
  private static final class Run {
    final Bytes bytes = new Bytes();
    String[] addresses = new String[1024];
    ChangeAction[] actions = new ChangeAction[1024];
    String[] types = new String[1024];
    String[] providers = new String[1024];
    int[] offsets = new int[1024];
    int[] lengths = new int[1024];
    int size;

    void add(ResourceChange c, int offset, int length) {
      if (size == addresses.length) {
        int n = size * 2;
        addresses = Arrays.copyOf(addresses, n);
        actions = Arrays.copyOf(actions, n);
        types = Arrays.copyOf(types, n);
        providers = Arrays.copyOf(providers, n);
        offsets = Arrays.copyOf(offsets, n);
        lengths = Arrays.copyOf(lengths, n);
      }
      addresses[size] = c.address();
      actions[size] = c.action();
      types[size] = c.type();
      providers[size] = c.provider();
      offsets[size] = offset;
      lengths[size] = length;
      size++;
    }

    String address(int r) {
      return addresses[r];
    }

    /** Record indexes in digest order; the sort is stable, so equal keys keep arrival order. */
    Integer[] sorted() {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> compare(addresses[x], actions[x], types[x], providers[x],
          addresses[y], actions[y], types[y], providers[y]));
      return order;
    }

    void clear() {
      Arrays.fill(addresses, 0, size, null);
      Arrays.fill(types, 0, size, null);
      Arrays.fill(providers, 0, size, null);
      size = 0;
      bytes.reset();
    }
  }

  /** A byte array output whose buffer can be read in place. */
  private static final class Bytes extends ByteArrayOutputStream {
    Bytes() {
      super(1 << 16);
    }

    byte[] buffer() {
      return buf;
    }
  }

  /** The head of one sorted run during the merge; runs that arrived earlier win ties. */
  private static final class Cursor implements Comparable<Cursor> {
    final int run;
    final DataInputStream in;
    long left;
    String address;
    ChangeAction action;
    String type;
    String provider;
    byte[] bytes = new byte[4096];
    int length;

    Cursor(int run, DataInputStream in, long records) {
      this.run = run;
      this.in = in;
      this.left = records;
    }

    boolean next() throws IOException {
      if (left == 0) {
        return false;
      }
      left--;
      address = SpillFile.readString(in);
      action = ChangeAction.values()[in.readUnsignedByte()];
      type = SpillFile.readString(in);
      provider = SpillFile.readString(in);
      length = in.readInt();
      if (bytes.length < length) {
        bytes = new byte[Math.max(length, bytes.length * 2)];
      }
      in.readFully(bytes, 0, length);
      return true;
    }

    @Override
    public int compareTo(Cursor o) {
      int x = compare(address, action, type, provider, o.address, o.action, o.type, o.provider);
      return x != 0 ? x : Integer.compare(run, o.run);
    }
  }
}
