package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.SafeOpsException;
import dev.safeops.core.internal.StreamingPlanDigest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the plan and state readers open what they read, and turn every way it can be wrong into
 * one {@link InvalidInputException} sentence: a path that is missing or not a regular file
 * (a FIFO would block for ever, a device never ends), a zip archive (a saved plan file where
 * its JSON belongs), JSON that does not parse, trailing data after the document.
 */
final class JsonInput {
  private static final Logger LOG = LoggerFactory.getLogger(JsonInput.class);
  /** What is being read, for messages. */
  enum Kind {
    PLAN("terraform plan", "plan file"),
    STATE("terraform state", "state file");

    final String what;
    final String file;

    Kind(String what, String file) {
      this.what = what;
      this.file = file;
    }
  }

  /** Reads one document from a strict parser positioned before its first token. */
  @FunctionalInterface
  interface Parse<T> {
    T parse(Tokens p) throws IOException;
  }

  private JsonInput() {}

  static <T> T read(Path path, Kind kind, Parse<T> parse) {
    requireRegularFile(path, kind);
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, String.valueOf(path.getFileName()), String.valueOf(path), kind, parse);
    } catch (IOException e) {
      throw new InvalidInputException("The " + kind.file + " " + path + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  /**
   * Reads a regular file with {@link ByteTokens} first and, if it gives up, again with
   * {@link #read(Path, Kind, Parse)}: for a {@code parse} whose only effect is its result.
   */
  static <T> T readFile(Path path, Kind kind, Parse<T> parse) {
    try {
      return readBytes(path, kind, parse);
    } catch (ByteTokens.Doubt e) {
      LOG.debug("reading {} again with the full parser: {}", path, e.getMessage());
      return read(path, kind, parse);
    }
  }

  /**
   * Reads a regular file with {@link ByteTokens}, the shortcut for plan and state files:
   * anything it is not sure of, or anything refused while reading, is a {@link
   * ByteTokens.Doubt}, after which the caller discards what it gathered and reads again with
   * {@link #read(Path, Kind, Parse)}, whose answer and sentences are the ones that count.
   */
  static <T> T readBytes(Path path, Kind kind, Parse<T> parse) {
    try {
      requireRegularFile(path, kind);
      try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ); InputStream in = Channels.newInputStream(file)) {
        ByteTokens p = new ByteTokens(in, String.valueOf(path.getFileName()), kind.what);
        p.file(file);
        T result = parse.parse(p);
        if (p.nextToken() != null) {
          throw new ByteTokens.Doubt("data after the top-level object", null);
        }
        return result;
      }
    } catch (ByteTokens.Doubt e) {
      throw e;
    } catch (InvalidInputException | IOException e) {
      throw new ByteTokens.Doubt(String.valueOf(e.getMessage()), e);
    } catch (SafeOpsException | StreamingPlanDigest.OutOfOrder e) {
      throw e; // from whoever takes the changes, not from the reading
    } catch (RuntimeException e) {
      // A fault in the shortcut is no reason to refuse a plan: the full parser reads it again.
      throw new ByteTokens.Doubt(String.valueOf(e), e);
    }
  }

  private static void requireRegularFile(Path path, Kind kind) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("The " + kind.file + " " + path + " does not exist.", e);
    } catch (IOException e) {
      throw new InvalidInputException("The " + kind.file + " " + path + " cannot be read: " + e.getMessage() + ".", e);
    }
    if (!attributes.isRegularFile()) {
      // A FIFO without a writer would block for ever, a device may never end: refuse at once.
      throw new InvalidInputException("The " + kind.file + " " + path + " is "
          + (attributes.isDirectory() ? "a directory" : "not a regular file (a pipe, device or socket)")
          + "; safeops reads a " + kind.file + " only from a regular file, or from a stream it is handed.");
    }
  }

  static <T> T read(InputStream in, String name, Kind kind, Parse<T> parse) {
    return read(in, name, null, kind, parse);
  }

  private static <T> T read(InputStream raw, String name, String path, Kind kind, Parse<T> parse) {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    try {
      refuseZip(in, name, path, kind);
      try (JsonParser parser = Json.FACTORY.createParser(in)) {
        parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        StrictParser p = new StrictParser(parser, name, kind.what);
        T result = parse.parse(p);
        JsonToken t = p.nextToken();
        if (t != null) {
          throw new InvalidInputException(name + " is not valid " + kind.what + " JSON: unexpected data after the top-level object at "
              + Json.position(p.currentTokenLocation()) + ".");
        }
        return result;
      }
    } catch (JsonProcessingException e) {
      throw Json.malformed(name, kind.what, e);
    } catch (IOException e) {
      throw new InvalidInputException(name + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  /** A zip archive's signature: {@code terraform plan -out} writes one. */
  private static void refuseZip(BufferedInputStream in, String name, String path, Kind kind) throws IOException {
    in.mark(4);
    byte[] head = in.readNBytes(4);
    in.reset();
    if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
      if (kind == Kind.PLAN) {
        String file = path == null ? "FILE" : path;
        throw new InvalidInputException(name + " is a saved plan file, not its JSON; run `terraform show -json " + file
            + " > plan.json` first and check plan.json.");
      }
      throw new InvalidInputException(name + " is a zip archive, not a JSON " + kind.file + ".");
    }
  }
}
