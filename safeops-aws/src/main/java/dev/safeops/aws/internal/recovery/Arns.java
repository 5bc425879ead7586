package dev.safeops.aws.internal.recovery;

/** The two ARN fields the recovery code compares: region and account. */
final class Arns {
  private Arns() {}

  static String region(String arn) {
    return field(arn, 3);
  }

  static String account(String arn) {
    return field(arn, 4);
  }

  /** S3 ARNs carry neither region nor account, so they match anything. */
  static boolean sameRegionAndAccount(String a, String b) {
    return compatible(region(a), region(b)) && compatible(account(a), account(b));
  }

  private static boolean compatible(String x, String y) {
    return x.isEmpty() || y.isEmpty() || x.equals(y);
  }

  private static String field(String arn, int index) {
    if (arn == null) {
      return "";
    }
    String[] parts = arn.split(":", 6);
    return parts.length > index ? parts[index] : "";
  }
}
