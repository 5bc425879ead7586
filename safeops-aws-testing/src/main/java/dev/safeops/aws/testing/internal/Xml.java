package dev.safeops.aws.testing.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;

/** A minimal streaming XML writer: enough for AWS response documents, always well formed. */
final class Xml {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  private final Deque<String> open = new ArrayDeque<>();

  Xml(String root, String namespace) {
    out.append('<').append(root);
    if (namespace != null) {
      out.append(" xmlns=\"").append(namespace).append('"');
    }
    out.append('>');
    open.push(root);
  }

  Xml start(String name) {
    out.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  Xml end() {
    out.append("</").append(open.pop()).append('>');
    return this;
  }

  /** Writes the element only when the value is present, as AWS omits absent members. */
  Xml el(String name, Object value) {
    if (value == null) {
      return this;
    }
    String text = value instanceof Instant i ? iso(i) : String.valueOf(value);
    out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
    return this;
  }

  String finish() {
    while (!open.isEmpty()) {
      end();
    }
    return out.toString();
  }

  static String iso(Instant instant) {
    return ISO.format(instant);
  }

  /** Escapes element text; quotes need no escaping there, and AWS does not escape them. */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
