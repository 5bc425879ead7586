package dev.safeops.core.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep, unmodifiable copies of JSON-shaped values. Numbers become {@link BigDecimal}. */
public final class Values {
  private Values() {}

  public static Map<String, Object> immutableMap(Map<String, ?> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<String, ?> e : map.entrySet()) {
      copy.put(String.valueOf(e.getKey()), immutable(e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  public static Object immutable(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger bi) {
      return new BigDecimal(bi);
    }
    if (value instanceof Double || value instanceof Float) {
      return new BigDecimal(value.toString());
    }
    if (value instanceof Map<?, ?> m) {
      return immutableMap((Map<String, ?>) m);
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      for (Object o : l) {
        copy.add(immutable(o));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Enum<?> en) {
      return en.name();
    }
    throw new IllegalArgumentException(
        "attribute values must be JSON-shaped (String, Boolean, Number, List, Map, null), not " + value.getClass().getName());
  }

  /**
   * The value at a dot-separated path ({@code a.0.b}); list indexes are numbers. Returns
   * {@link #ABSENT} when any part of the path is missing.
   */
  public static Object at(Map<String, Object> attributes, String path) {
    Object current = attributes;
    for (String part : path.split("\\.")) {
      if (current instanceof Map<?, ?> m) {
        if (!m.containsKey(part)) {
          return ABSENT;
        }
        current = m.get(part);
      } else if (current instanceof List<?> l) {
        int i;
        try {
          i = Integer.parseInt(part);
        } catch (NumberFormatException e) {
          return ABSENT;
        }
        if (i < 0 || i >= l.size()) {
          return ABSENT;
        }
        current = l.get(i);
      } else {
        return ABSENT;
      }
    }
    return current;
  }

  /** Marks a path that does not exist, as opposed to one holding JSON null. */
  public static final Object ABSENT = new Object() {
    @Override
    public String toString() {
      return "<absent>";
    }
  };

  /** JSON-value equality where numbers compare by value (1 equals 1.0). */
  public static boolean jsonEquals(Object a, Object b) {
    if (a instanceof Number na && b instanceof Number nb) {
      return new BigDecimal(na.toString()).compareTo(new BigDecimal(nb.toString())) == 0;
    }
    if (a instanceof String sa && b instanceof Boolean bb) {
      return sa.equalsIgnoreCase(bb.toString());
    }
    if (a instanceof Boolean ba && b instanceof String sb) {
      return sb.equalsIgnoreCase(ba.toString());
    }
    return a == null ? b == null : a.equals(b);
  }
}
