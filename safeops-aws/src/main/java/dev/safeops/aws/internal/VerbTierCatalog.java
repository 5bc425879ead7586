package dev.safeops.aws.internal;

import dev.safeops.aws.OperationCatalog;
import dev.safeops.core.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shipped catalog: a verb tier over the operation name, then explicit entries that win
 * over the tier. Name-based and allocation-light, so the interceptor can ask on every call.
 *
 * <p>Verb tier (the first word of the name, after a leading {@code Batch}):
 * <ul>
 *   <li>read: {@value #READ_DOC};
 *   <li>destructive: {@value #DESTRUCTIVE_DOC};
 *   <li>everything else, and any name the catalog cannot parse, is mutating.
 * </ul>
 *
 * <p>Explicit entries, and why (see {@link #EXPLICIT}):
 * <ul>
 *   <li>Calls that can switch off what makes a later delete recoverable are destructive
 *       even though their verb is Modify/Update/Put: RDS {@code ModifyDBInstance} and
 *       {@code ModifyDBCluster} (deletion protection off, backup retention 0), {@code
 *       ModifyGlobalCluster}; S3 {@code PutBucketVersioning} (suspension) and {@code
 *       PutBucketLifecycle(Configuration)} (expiry deletes objects); DynamoDB {@code
 *       UpdateTable} (deletion protection off), {@code UpdateContinuousBackups} (PITR
 *       off) and {@code UpdateTimeToLive} (expires items); EC2 {@code
 *       ModifyInstanceAttribute} (termination protection off); ELBv2 {@code
 *       ModifyLoadBalancerAttributes} (deletion protection off); Backup {@code
 *       UpdateRecoveryPointLifecycle} (shortens retention); KMS {@code ScheduleKeyDeletion}
 *       and {@code DisableKey} (data encrypted under the key becomes unreadable).
 *   <li>Credential-minting calls are mutating, not reads, whatever their verb: they hand
 *       out the power to act, which is what the guard exists to keep reviewed. STS {@code
 *       AssumeRole*}, {@code GetSessionToken}, {@code GetFederationToken}, {@code
 *       GetDelegatedAccessToken}, {@code GetServiceBearerToken}, {@code GetWebIdentityToken}; ECR, ECR Public
 *       and CodeArtifact {@code GetAuthorizationToken}; SSO {@code GetRoleCredentials};
 *       Cognito Identity {@code GetCredentialsForIdentity}, {@code GetOpenIdToken*} (and {@code GetId},
 *       which creates the identity); Cognito user pools {@code GetTokensFromRefreshToken};
 *       Redshift {@code GetClusterCredentials*}; Redshift Serverless {@code
 *       GetCredentials}.
 *   <li>Secret reads are mutating too: Secrets Manager {@code GetSecretValue}, {@code
 *       BatchGetSecretValue}; EC2 {@code GetPasswordData}; Lightsail {@code
 *       GetInstanceAccessDetails}. A secret, once read, is a credential. SSM {@code
 *       GetParameter*} stays a read: parameters are mostly configuration, and decrypting a
 *       SecureString is governed separately by {@code kms:Decrypt}.
 *   <li>Reads by verb that IAM files under Write, listed with the reason they are still
 *       reads (held by a test against the IAM access levels).
 * </ul>
 */
public final class VerbTierCatalog implements OperationCatalog {
  public static final VerbTierCatalog DEFAULT = new VerbTierCatalog();

  static final String READ_DOC = "Describe, List, Get, Head, Query, Scan, Search, Lookup, Select, Download, BatchGet";
  static final String DESTRUCTIVE_DOC =
      "Delete, Terminate, Remove, Deregister, Purge, Revoke, Release, Destroy, Deprovision, Decommission, Drop, Erase, Wipe, Discard";

  private static final Set<String> READ_VERBS =
      Set.of("describe", "list", "get", "head", "query", "scan", "search", "lookup", "select", "download");
  private static final Set<String> DESTRUCTIVE_VERBS = Set.of("delete", "terminate", "remove", "deregister",
      "purge", "revoke", "release", "destroy", "deprovision", "decommission", "drop", "erase", "wipe", "discard");

  /** Explicit entries: normalised service + "/" + lower-case operation. */
  static final Map<String, Entry> EXPLICIT = new TreeMap<>();

  /** An explicit classification and why. */
  record Entry(Effect effect, String reason) {}

  private static void put(Effect c, String reason, String service, String... ops) {
    for (String op : ops) {
      EXPLICIT.put(normalise(service) + "/" + op.toLowerCase(Locale.ROOT), new Entry(c, reason));
    }
  }

  static {
    Effect d = Effect.DESTRUCTIVE;
    Effect m = Effect.MUTATING;
    Effect r = Effect.READ_ONLY;
    put(d, "can switch deletion protection off or set backup retention to 0", "rds",
        "ModifyDBInstance", "ModifyDBCluster");
    put(d, "can switch deletion protection off", "rds", "ModifyGlobalCluster");
    put(d, "can suspend versioning, after which overwrites and deletes are unrecoverable", "s3",
        "PutBucketVersioning");
    put(d, "expiry rules delete objects", "s3", "PutBucketLifecycle", "PutBucketLifecycleConfiguration");
    put(d, "can switch deletion protection off", "dynamodb", "UpdateTable");
    put(d, "can switch point-in-time recovery off", "dynamodb", "UpdateContinuousBackups");
    put(d, "time-to-live expires (deletes) items", "dynamodb", "UpdateTimeToLive");
    put(d, "can switch termination protection off", "ec2", "ModifyInstanceAttribute");
    put(d, "can switch deletion protection off", "elasticloadbalancingv2", "ModifyLoadBalancerAttributes");
    put(d, "can shorten retention so recovery points are deleted", "backup", "UpdateRecoveryPointLifecycle");
    put(d, "data encrypted under the key becomes unreadable", "kms", "ScheduleKeyDeletion", "DisableKey");

    String mints = "mints credentials: the power to act is not a plain read";
    put(m, mints, "sts", "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot",
        "GetSessionToken", "GetFederationToken", "GetWebIdentityToken", "GetDelegatedAccessToken",
        "GetServiceBearerToken");
    put(m, mints, "ecr", "GetAuthorizationToken");
    put(m, mints, "ecrpublic", "GetAuthorizationToken");
    put(m, mints, "codeartifact", "GetAuthorizationToken");
    put(m, mints, "sso", "GetRoleCredentials");
    put(m, mints, "cognitoidentity", "GetCredentialsForIdentity", "GetOpenIdToken",
        "GetOpenIdTokenForDeveloperIdentity");
    put(m, mints, "cognitoidentityprovider", "GetTokensFromRefreshToken");
    put(m, "creates an identity when none exists yet: not a plain read", "cognitoidentity", "GetId");
    put(m, mints, "redshift", "GetClusterCredentials", "GetClusterCredentialsWithIAM");
    put(m, mints, "redshiftserverless", "GetCredentials");
    String secret = "reads a secret: a secret, once read, is a credential";
    put(m, secret, "secretsmanager", "GetSecretValue", "BatchGetSecretValue");
    put(m, secret, "ec2", "GetPasswordData");
    put(m, secret, "lightsail", "GetInstanceAccessDetails");

    // Reads by verb that IAM files under Write; each is still a read for safeops.
    put(r, "decodes an authorization-failure message and changes nothing; IAM files it under Write"
        + " because the decoded text can reveal policy details", "sts", "DecodeAuthorizationMessage");
    put(r, "lists recovery points that have a search index and changes nothing; IAM files the permission"
        + " under Permissions management because it opens the index to search", "backup",
        "ListIndexedRecoveryPoints", "SearchRecoveryPoint");
  }

  @Override
  public ClassifiedOperation classify(String service, String operation) {
    String svc = service == null ? "" : service;
    String op = operation == null ? "" : operation;
    if (op.isBlank()) {
      return new ClassifiedOperation(svc, op, Effect.MUTATING, "no operation name: unknown is mutating");
    }
    Entry e = EXPLICIT.get(normalise(svc) + "/" + op.toLowerCase(Locale.ROOT));
    if (e != null) {
      return new ClassifiedOperation(svc, op, e.effect(), "explicit entry: " + op + " " + e.reason());
    }
    String verb = verb(op);
    if (verb.isEmpty()) {
      return new ClassifiedOperation(svc, op, Effect.MUTATING, "unparseable name: unknown is mutating");
    }
    if (READ_VERBS.contains(verb)) {
      return new ClassifiedOperation(svc, op, Effect.READ_ONLY, capital(verb) + "* is a read");
    }
    if (DESTRUCTIVE_VERBS.contains(verb)) {
      return new ClassifiedOperation(svc, op, Effect.DESTRUCTIVE, capital(verb) + "* is destructive");
    }
    return new ClassifiedOperation(svc, op, Effect.MUTATING,
        capital(verb) + "* is neither a read nor a destructive verb: mutating");
  }

  @Override
  public List<ClassifiedOperation> classifyClasspath() {
    List<ClassifiedOperation> out = new ArrayList<>();
    for (SdkOperationIndex.Service s : SdkOperationIndex.services()) {
      for (String op : s.operations()) {
        out.add(classify(s.packageName(), op));
      }
    }
    return List.copyOf(out);
  }

  /** Lower-case letters and digits only: "Elastic Load Balancing v2" and "elasticloadbalancingv2" agree. */
  public static String normalise(String service) {
    StringBuilder b = new StringBuilder(service.length());
    for (int i = 0; i < service.length(); i++) {
      char c = service.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        b.append(Character.toLowerCase(c));
      }
    }
    return b.toString();
  }

  /** The first word of a PascalCase name, skipping a leading "Batch"; empty when there is none. */
  static String verb(String op) {
    String first = word(op, 0);
    if (first.equals("batch") && op.length() > 5) {
      return word(op, 5);
    }
    return first;
  }

  private static String word(String s, int from) {
    if (from >= s.length() || !Character.isUpperCase(s.charAt(from))) {
      return "";
    }
    int end = from + 1;
    while (end < s.length() && Character.isLowerCase(s.charAt(end))) {
      end++;
    }
    return s.substring(from, end).toLowerCase(Locale.ROOT);
  }

  private static String capital(String verb) {
    return Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
  }
}
