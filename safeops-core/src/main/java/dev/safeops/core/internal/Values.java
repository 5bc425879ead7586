package dev.safeops.core.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/** Deep, unmodifiable copies of JSON-shaped values. Numbers become {@link BigDecimal}. */
public final class Values {
  private Values() {}

  /** A deep unmodifiable copy, or the map itself when it already is one made here. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> immutableMap(Map<String, ?> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    if (map instanceof JsonMap) {
      return (Map<String, Object>) map;
    }
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<String, ?> e : map.entrySet()) {
      copy.put(String.valueOf(e.getKey()), immutable(e.getValue()));
    }
    return JsonMap.of(copy);
  }

  /**
   * True when {@link #immutableMap} would return the map itself: it is empty or was made by
   * this class, so its whole depth is already unmodifiable and JSON-shaped.
   */
  public static boolean isImmutableJson(Map<?, ?> map) {
    return map != null && (map instanceof JsonMap || map == Map.of());
  }

  /**
   * Adopts a map a reader has just built and will never touch again, without copying it: its
   * keys must be strings and its values already what {@link #immutable} returns (String,
   * Boolean, BigDecimal, null, an {@link #adoptList adopted list} or an adopted map). This is
   * how a reader materialises JSON once instead of building it and then deep-copying it.
   */
  public static Map<String, Object> adoptMap(LinkedHashMap<String, Object> fresh) {
    return fresh.isEmpty() ? Map.of() : JsonMap.of(fresh);
  }

  /**
   * {@link #adoptMap} for a reader that gathered an object's first {@code n} entries in two
   * arrays, which it gives up: the keys must be distinct (the readers refuse a key twice
   * before they get here), the values as {@link #adoptMap} requires. A small object becomes
   * its map without a hash table ever being built.
   */
  public static Map<String, Object> adoptEntries(String[] keys, Object[] values, int n) {
    if (n == 0) {
      return Map.of();
    }
    if (n <= SmallJsonMap.MAX) {
      return new SmallJsonMap(Arrays.copyOf(keys, n), Arrays.copyOf(values, n));
    }
    LinkedHashMap<String, Object> map = new LinkedHashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      map.put(keys[i], values[i]);
    }
    return new LargeJsonMap(map);
  }

  /** The list counterpart of {@link #adoptMap}, under the same promise. */
  public static List<Object> adoptList(List<Object> fresh) {
    return Collections.unmodifiableList(fresh);
  }

  /** Unmodifiable, insertion-ordered; its type marks a map whose whole depth is immutable JSON. */
  private abstract static class JsonMap extends AbstractMap<String, Object> {
    static JsonMap of(LinkedHashMap<String, Object> owned) {
      return owned.size() <= SmallJsonMap.MAX ? new SmallJsonMap(owned) : new LargeJsonMap(owned);
    }
  }

  /**
   * Keys and values in two arrays, looked up by a scan: most attribute maps hold a handful of
   * entries, and a plan holds hundreds of thousands of them, so a hash table each is most of
   * a big plan's memory.
   */
  static final class SmallJsonMap extends JsonMap {
    static final int MAX = 8;
    /** Read directly by PlanDigest, which must not change them. */
    final String[] keys;
    final Object[] values;

    SmallJsonMap(String[] keys, Object[] values) {
      this.keys = keys;
      this.values = values;
    }

    SmallJsonMap(LinkedHashMap<String, Object> owned) {
      keys = new String[owned.size()];
      values = new Object[owned.size()];
      int i = 0;
      for (Map.Entry<String, Object> e : owned.entrySet()) {
        keys[i] = e.getKey();
        values[i] = e.getValue();
        i++;
      }
    }

    private int indexOf(Object key) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i].equals(key)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public int size() {
      return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
      return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
      int i = indexOf(key);
      return i < 0 ? null : values[i];
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return keys.length;
        }

        @Override
        public Iterator<Entry<String, Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < keys.length;
            }

            @Override
            public Entry<String, Object> next() {
              if (next >= keys.length) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
            }
          };
        }
      };
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
      for (int i = 0; i < keys.length; i++) {
        action.accept(keys[i], values[i]);
      }
    }
  }

  /** An unmodifiable view over a map nobody else holds. */
  private static final class LargeJsonMap extends JsonMap {
    private final Map<String, Object> view;

    LargeJsonMap(LinkedHashMap<String, Object> owned) {
      this.view = Collections.unmodifiableMap(owned);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return view.entrySet();
    }

    @Override
    public Set<String> keySet() {
      return view.keySet();
    }

    @Override
    public Collection<Object> values() {
      return view.values();
    }

    @Override
    public int size() {
      return view.size();
    }

    @Override
    public boolean containsKey(Object key) {
      return view.containsKey(key);
    }

    @Override
    public Object get(Object key) {
      return view.get(key);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
      view.forEach(action);
    }
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
