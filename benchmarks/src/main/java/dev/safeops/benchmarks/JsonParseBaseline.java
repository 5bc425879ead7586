package dev.safeops.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;

/** Tokenises a JSON file with Jackson's streaming parser and does nothing else: the floor for any plan reader. */
final class JsonParseBaseline {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonParseBaseline() {}

  /** Reads every token; returns how many there were. */
  static long tokens(Path file) throws IOException {
    long n = 0;
    try (JsonParser p = JSON.createParser(file.toFile())) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.VALUE_STRING) {
          // Decode strings, as a reader that keeps them must.
          p.getTextLength();
        }
        n++;
      }
    }
    return n;
  }
}
