package dev.safeops.aws.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * What a request says, read through the SDK's own field model ({@link SdkPojo#sdkFields()}),
 * so it works for every generated request without knowing its class.
 */
public final class RequestFacts {
  /** Member names that name the resource a request acts on, beyond the generic suffixes. */
  private static final Set<String> TARGET_MEMBERS = Set.of("bucket", "key", "cluster", "service", "tablename",
      "groupname", "loadbalancerarn", "recoverypointarn", "backupvaultname", "resourcearn", "resourcename");
  private static final String[] TARGET_SUFFIXES = {"identifier", "id", "ids", "arn", "arns"};

  private RequestFacts() {}

  /**
   * SHA-256 over the service, the operation and every field of the request, canonically:
   * two requests with the same content have the same fingerprint, any difference changes it.
   */
  public static String fingerprint(String service, String operation, SdkPojo request) {
    StringBuilder b = new StringBuilder();
    b.append(VerbTierCatalog.normalise(service)).append(':').append(operation.toLowerCase(Locale.ROOT)).append(' ');
    canonical(request, b);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void canonical(Object v, StringBuilder b) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof SdkPojo p) {
      b.append('{');
      Map<String, Object> fields = new TreeMap<>();
      for (SdkField<?> f : p.sdkFields()) {
        Object value = f.getValueOrDefault(p);
        if (value != null) {
          fields.put(f.memberName(), value);
        }
      }
      fields.forEach((k, value) -> {
        b.append(k).append('=');
        canonical(value, b);
        b.append(';');
      });
      b.append('}');
    } else if (v instanceof Collection<?> c) {
      b.append('[');
      c.forEach(e -> {
        canonical(e, b);
        b.append(',');
      });
      b.append(']');
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      new TreeMap<>(m.entrySet().stream().collect(
          java.util.stream.Collectors.toMap(e -> String.valueOf(e.getKey()), Map.Entry::getValue)))
          .forEach((k, value) -> {
            b.append(k).append('=');
            canonical(value, b);
            b.append(';');
          });
      b.append('}');
    } else if (v instanceof SdkBytes bytes) {
      b.append("b64:").append(bytes.asByteBuffer().remaining()).append(':')
          .append(java.util.Base64.getEncoder().encodeToString(bytes.asByteArray()));
    } else {
      String s = String.valueOf(v);
      b.append(s.length()).append(':').append(s);
    }
  }

  /**
   * The identifiers the request acts on: the string values of members named like targets
   * ({@code ...Identifier}, {@code ...Id(s)}, {@code ...Arn(s)}, {@code Bucket}, {@code Key},
   * {@code TableName}, ECS {@code cluster}/{@code service}...), at any depth. Members named
   * {@code Source...} ({@code SourceDBInstanceIdentifier} of a restore, {@code SourceSnapshotId}
   * of a copy) name what the call reads from, not what it changes, so they are not targets;
   * nor are the keys and values of tags.
   */
  public static Set<String> targets(SdkPojo request) {
    Set<String> out = new LinkedHashSet<>();
    collectTargets(request, false, out);
    return out;
  }

  private static void collectTargets(Object v, boolean isTarget, Set<String> out) {
    if (v instanceof SdkPojo p) {
      for (SdkField<?> f : p.sdkFields()) {
        Object value = f.getValueOrDefault(p);
        // Tags (Tags, TagList, TagSpecifications, TagKeys) label a resource; their Key and
        // Value are not resources the call acts on.
        if (value != null && !f.memberName().toLowerCase(Locale.ROOT).startsWith("tag")) {
          collectTargets(value, isTargetMember(f.memberName()), out);
        }
      }
    } else if (v instanceof Collection<?> c) {
      c.forEach(e -> collectTargets(e, isTarget, out));
    } else if (v instanceof String s && isTarget && !s.isEmpty()) {
      out.add(s);
    }
  }

  static boolean isTargetMember(String member) {
    String m = member.toLowerCase(Locale.ROOT);
    if (m.startsWith("source")) {
      return false;
    }
    if (TARGET_MEMBERS.contains(m)) {
      return true;
    }
    for (String suffix : TARGET_SUFFIXES) {
      if (m.endsWith(suffix) && !m.equals("clienttoken") && !m.endsWith("kmskeyid")) {
        return true;
      }
    }
    return false;
  }

  /** True when the request is an EC2 dry run: EC2 checks permissions and never executes it. */
  public static boolean isDryRun(SdkPojo request) {
    for (SdkField<?> f : request.sdkFields()) {
      if (f.memberName().equals("DryRun") && Boolean.TRUE.equals(f.getValueOrDefault(request))) {
        return true;
      }
    }
    return false;
  }
}
