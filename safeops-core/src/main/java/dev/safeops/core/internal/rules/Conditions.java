package dev.safeops.core.internal.rules;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.ResourceType.AttributeCondition;
import dev.safeops.core.internal.PlanDigest;
import dev.safeops.core.internal.Values;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads catalog conditions against a change's attributes. An attribute that is absent or
 * null takes the condition's default (the provider's default); an attribute unknown until
 * apply is reported as unknown so each rule can judge it pessimistically. Comparison is
 * lenient because Terraform sometimes stores booleans and numbers as strings.
 */
final class Conditions {
  private Conditions() {}

  /** What a condition's attribute is taken to be, and why. */
  record Reading(Object value, boolean defaulted, boolean unknown) {}

  /** The attribute as it exists before the change. */
  static Reading before(ResourceChange change, AttributeCondition condition) {
    return read(change.before(), Set.of(), condition);
  }

  /** The attribute as planned after the change; unknown when it is known only after apply. */
  static Reading after(ResourceChange change, AttributeCondition condition) {
    return read(change.after(), change.unknownAfter(), condition);
  }

  private static Reading read(Map<String, Object> attributes, Set<String> unknown, AttributeCondition condition) {
    String top = condition.path().split("\\.", 2)[0];
    if (unknown.contains(top) || unknown.contains(condition.path())) {
      return new Reading(null, false, true);
    }
    Object value = Values.at(attributes, condition.path());
    if (value == Values.ABSENT || value == null) {
      return new Reading(condition.defaultValue(), true, false);
    }
    return new Reading(value, false, false);
  }

  /**
   * True when a known reading equals the condition's value (differs from it, for a negated
   * condition); an unknown reading never holds.
   */
  static boolean holds(AttributeCondition condition, Reading reading) {
    return !reading.unknown() && matches(reading.value(), condition.value()) != condition.negated();
  }

  /** Lenient JSON equality: "true" equals true, "30" equals 30, "" equals null, strings ignore case. */
  static boolean matches(Object actual, Object expected) {
    if (expected == null || actual == null) {
      return isNullish(actual) && isNullish(expected);
    }
    if (actual instanceof String s && !(expected instanceof String)) {
      return matchesText(s, expected);
    }
    if (expected instanceof String s && !(actual instanceof String)) {
      return matchesText(s, actual);
    }
    if (actual instanceof String a && expected instanceof String e) {
      return a.equalsIgnoreCase(e);
    }
    return Values.jsonEquals(actual, expected);
  }

  private static boolean isNullish(Object o) {
    return o == null || (o instanceof String s && s.isEmpty());
  }

  private static boolean matchesText(String text, Object other) {
    if (other instanceof Boolean b) {
      return text.trim().equalsIgnoreCase(b.toString());
    }
    if (other instanceof Number n) {
      try {
        return new BigDecimal(text.trim()).compareTo(new BigDecimal(n.toString())) == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return false;
  }

  /** {@code path=value}, marked {@code (default)} or {@code unknown until apply}. */
  static String show(AttributeCondition condition, Reading reading) {
    return condition.path() + "=" + showValue(reading);
  }

  static String showValue(Reading reading) {
    if (reading.unknown()) {
      return "unknown until apply";
    }
    return render(reading.value()) + (reading.defaulted() ? " (default)" : "");
  }

  private static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof BigDecimal d) {
      // A message shows what it can without expanding an exponent into billions of digits.
      return PlanDigest.plainLength(d) <= PlanDigest.PLAIN_LIMIT ? PlanDigest.canonicalNumber(d) : d.stripTrailingZeros().toString();
    }
    if (value instanceof List<?> || value instanceof Map<?, ?>) {
      return value.toString();
    }
    return String.valueOf(value);
  }

  /** "deleted" or "replaced", the way a person reads the action. */
  static String verb(ChangeAction action) {
    return action == ChangeAction.REPLACE ? "replaced (destroyed and created again)" : "deleted";
  }

  static String lower(Enum<?> e) {
    return LOWER.get(e.getDeclaringClass())[e.ordinal()];
  }

  /** Each enum's constants in lower case with spaces, made once: a big plan asks thousands of times. */
  private static final ClassValue<String[]> LOWER = new ClassValue<>() {
    @Override
    protected String[] computeValue(Class<?> type) {
      Object[] constants = type.getEnumConstants();
      String[] lower = new String[constants.length];
      for (int i = 0; i < constants.length; i++) {
        lower[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT).replace('_', ' ');
      }
      return lower;
    }
  };
}
