package dev.safeops.aws.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;

/**
 * The one way past {@link dev.safeops.aws.SafeOpsInterceptor} without an approval: safeops'
 * own DynamoDB stores (locks, approvals-used, audit) must write while the guard is
 * registered globally. The marker is an execution attribute whose instance is private to
 * this class (the SDK refuses a second attribute of the same name, so it cannot be
 * imitated by name), and it covers only item-level DynamoDB operations and table setup on
 * the named tables: never DeleteTable, UpdateTable or any other service.
 *
 * <p>Internal: for safeops' store clients only. Consumers must not import it.
 */
public final class GuardExemption {
  private static final ExecutionAttribute<GuardExemption> ATTRIBUTE =
      new ExecutionAttribute<>("dev.safeops.aws.internal.GuardExemption");
  private static final Set<String> STORE_OPERATIONS = Set.of("getitem", "putitem", "updateitem", "deleteitem",
      "query", "scan", "batchgetitem", "batchwriteitem", "transactwriteitems", "transactgetitems",
      "createtable", "describetable", "updatetimetolive", "describetimetolive");

  private final Set<String> tables;

  private GuardExemption(Collection<String> tables) {
    this.tables = Set.copyOf(tables);
  }

  /** Marks every request of the client being built as a safeops store request on {@code tables}. */
  public static ClientOverrideConfiguration.Builder forStoreTables(
      ClientOverrideConfiguration.Builder builder, Collection<String> tables) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a store exemption must name its tables");
    }
    return builder.putExecutionAttribute(ATTRIBUTE, new GuardExemption(tables));
  }

  /** True when the request carries the store marker and stays within it. */
  static boolean covers(ExecutionAttributes attributes, String service, String operation, SdkPojo request) {
    GuardExemption e = attributes.getAttribute(ATTRIBUTE);
    if (e == null || !VerbTierCatalog.normalise(service).equals("dynamodb")
        || !STORE_OPERATIONS.contains(operation.toLowerCase(Locale.ROOT))) {
      return false;
    }
    // Batch and transact requests key their items by table name; single-item requests name it.
    Set<String> named = new java.util.LinkedHashSet<>();
    collect(request, named);
    return !named.isEmpty() && e.tables.containsAll(named);
  }

  private static void collect(Object v, Set<String> out) {
    if (v instanceof SdkPojo p) {
      for (software.amazon.awssdk.core.SdkField<?> f : p.sdkFields()) {
        Object value = f.getValueOrDefault(p);
        if (value == null) {
          continue;
        }
        if (f.memberName().equals("TableName") && value instanceof String s) {
          out.add(s);
        } else if (f.memberName().equals("RequestItems") && value instanceof java.util.Map<?, ?> m) {
          m.keySet().forEach(k -> out.add(String.valueOf(k)));
        } else {
          collect(value, out);
        }
      }
    } else if (v instanceof Collection<?> c) {
      c.forEach(x -> collect(x, out));
    }
  }
}
