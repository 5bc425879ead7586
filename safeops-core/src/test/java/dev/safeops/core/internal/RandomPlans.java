package dev.safeops.core.internal;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.ResourceChange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Plans of random shape for tests that compare two ways of computing one thing: nested maps
 * and lists, numbers of every scale a plan writes (and some it does not), strings that need
 * escaping, repeated addresses when asked. Deterministic for a seed.
 */
public final class RandomPlans {
  private static final String[] TYPES = {
    "aws_db_instance", "aws_s3_bucket", "aws_vpc", "aws_instance", "aws_iam_role", "aws_route53_record",
    "aws_dynamodb_table", "aws_kms_key", "aws_s3_bucket_versioning", "example_unknown_thing", "aws_rds_cluster"
  };
  private static final String[] KEYS = {
    "id", "name", "tags", "deletion_protection", "skip_final_snapshot", "delete_automated_backups",
    "backup_retention_period", "versioning_configuration", "status", "allocated_storage", "ingress", "cidr_block",
    "point_in_time_recovery", "enabled", "force_destroy", "ünïcode", "quote\"d", "tab\tkey"
  };

  private final Random random;

  public RandomPlans(long seed) {
    this.random = new Random(seed);
  }

  /** {@code n} changes with distinct addresses, in random order. */
  public List<ResourceChange> changes(int n) {
    return changes(n, false);
  }

  /** {@code n} changes; with {@code repeats}, some addresses come more than once. */
  public List<ResourceChange> changes(int n, boolean repeats) {
    List<ResourceChange> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String address = repeats && i > 0 && random.nextInt(4) == 0
          ? out.get(random.nextInt(i)).address()
          : "module.m" + random.nextInt(50) + "." + TYPES[random.nextInt(TYPES.length)] + ".r" + i
              + (random.nextBoolean() ? "[" + random.nextInt(9) + "]" : "[\"k-" + i + "\"]");
      out.add(change(address));
    }
    return out;
  }

  public ResourceChange change(String address) {
    ChangeAction action = ChangeAction.values()[random.nextInt(ChangeAction.values().length)];
    Set<String> unknown = new LinkedHashSet<>();
    for (int j = random.nextInt(3); j > 0; j--) {
      unknown.add(KEYS[random.nextInt(KEYS.length)]);
    }
    return ResourceChange.builder()
        .address(address)
        .type(TYPES[random.nextInt(TYPES.length)])
        .provider(random.nextInt(5) == 0 ? "" : "aws")
        .action(action)
        .before(action == ChangeAction.CREATE ? Map.of() : map(3))
        .after(action == ChangeAction.DELETE ? Map.of() : map(3))
        .unknownAfter(unknown)
        .actionReason(random.nextInt(5) == 0 ? "replace_because_cannot_update" : null)
        .build();
  }

  private Map<String, Object> map(int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = random.nextInt(7); i > 0; i--) {
      m.put(KEYS[random.nextInt(KEYS.length)], value(depth - 1));
    }
    return m;
  }

  private Object value(int depth) {
    int kind = random.nextInt(depth <= 0 ? 5 : 7);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> string();
      case 3, 4 -> number();
      case 5 -> {
        List<Object> l = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          l.add(value(depth - 1));
        }
        yield l;
      }
      default -> map(depth);
    };
  }

  private String string() {
    String[] s = {"", "prod", "ü-\u00e9\u4e2d", "line\nbreak", "q\"uote", "back\\slash", "\u0001ctl", "emoji \ud83d\ude00"};
    return s[random.nextInt(s.length)] + random.nextInt(100);
  }

  /** Numbers as a plan writes them: integers, decimals with trailing zeros, huge and tiny plain ones. */
  public BigDecimal number() {
    return switch (random.nextInt(7)) {
      case 0 -> BigDecimal.valueOf(random.nextInt(100_000) - 50_000);
      case 1 -> new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(6));
      case 2 -> new BigDecimal(random.nextInt(1000) + "." + "0".repeat(random.nextInt(4)));
      case 3 -> new BigDecimal(new BigInteger(200, random), random.nextInt(400) - 200);
      case 4 -> new BigDecimal("1e" + (random.nextInt(1900) - 950));
      case 5 -> BigDecimal.ZERO.setScale(random.nextInt(5));
      default -> new BigDecimal(random.nextDouble() * 1e6 + "");
    };
  }
}
