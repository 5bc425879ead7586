package dev.safeops.aws;

import dev.safeops.core.Effect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeops.aws.OperationCatalog.ClassifiedOperation;
import dev.safeops.aws.internal.SdkOperationIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OperationCatalogTest {
  private final OperationCatalog catalog = OperationCatalog.defaults();

  @Test
  void everyServiceModuleOnTheClasspathIsEnumerated() {
    List<String> packages = SdkOperationIndex.services().stream().map(SdkOperationIndex.Service::packageName).toList();
    assertThat(packages).contains("rds", "ec2", "s3", "sts", "dynamodb", "ecs", "elasticloadbalancingv2", "backup");
    List<ClassifiedOperation> all = catalog.classifyClasspath();
    assertThat(all).hasSizeGreaterThan(1000);
    System.out.println("Operation catalog: " + all.size() + " operations in " + packages.size() + " services: "
        + all.stream().collect(java.util.stream.Collectors.groupingBy(ClassifiedOperation::effect,
            java.util.TreeMap::new, java.util.stream.Collectors.counting())));
    assertThat(all).extracting(ClassifiedOperation::operation).contains("DeleteDbInstance", "TerminateInstances", "DeleteBucket");
  }

  @Test
  void verbTiersClassifyReadsMutationsAndDeletions() {
    assertThat(catalog.classify("RDS", "DescribeDBInstances").effect()).isEqualTo(Effect.READ_ONLY);
    assertThat(catalog.classify("DynamoDB", "BatchGetItem").effect()).isEqualTo(Effect.READ_ONLY);
    assertThat(catalog.classify("RDS", "DeleteDBInstance").effect()).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(catalog.classify("EC2", "TerminateInstances").effect()).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(catalog.classify("DynamoDB", "BatchWriteItem").effect()).isEqualTo(Effect.MUTATING);
    assertThat(catalog.classify("EC2", "CreateVpc").effect()).isEqualTo(Effect.MUTATING);
  }

  @Test
  void unknownOperationsAreMutatingNeverRead() {
    assertThat(catalog.classify("Nonexistent", "FrobnicateEverything").effect()).isEqualTo(Effect.MUTATING);
    assertThat(catalog.classify("S3", "").effect()).isEqualTo(Effect.MUTATING);
    assertThat(catalog.classify(null, null).effect()).isEqualTo(Effect.MUTATING);
    assertThat(catalog.classify("S3", "getobject").effect()).isEqualTo(Effect.MUTATING);
  }

  @Test
  void switchingProtectionOffIsDestructiveWhateverTheVerb() {
    assertThat(catalog.classify("RDS", "ModifyDBInstance").effect()).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(catalog.classify("rds", "ModifyDbCluster").effect()).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(catalog.classify("S3", "PutBucketVersioning").effect()).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(catalog.classify("DynamoDB", "UpdateTable").effect()).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(catalog.classify("DynamoDB", "UpdateContinuousBackups").effect()).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(catalog.classify("Elastic Load Balancing v2", "ModifyLoadBalancerAttributes").effect())
        .isEqualTo(Effect.DESTRUCTIVE);
  }

  @Test
  void credentialMintingAndSecretReadsAreNotPlainReads() {
    for (String[] c : new String[][] {{"STS", "GetSessionToken"}, {"STS", "GetFederationToken"},
        {"STS", "AssumeRole"}, {"ECR", "GetAuthorizationToken"}, {"Secrets Manager", "GetSecretValue"},
        {"SSO", "GetRoleCredentials"}}) {
      ClassifiedOperation k = catalog.classify(c[0], c[1]);
      assertThat(k.effect()).as(c[1]).isEqualTo(Effect.MUTATING);
      assertThat(k.reason()).startsWith("explicit entry");
    }
    assertThat(catalog.classify("STS", "GetCallerIdentity").effect()).isEqualTo(Effect.READ_ONLY);
  }

  /**
   * The IAM access levels are an independent oracle: every operation the catalog passes as
   * a read while IAM files it under Write must be an explicit, explained entry.
   */
  @Test
  void everyReadThatIamCallsWriteIsAnExplainedException() throws Exception {
    String shared = System.getProperty("safeops.shared.dir");
    Path file = shared == null ? null : Path.of(shared, "corpus", "aws-iam", "access-levels.json");
    assumeTrue(file != null && Files.isRegularFile(file),
        "IAM access levels corpus not found (safeops.shared.dir/corpus/aws-iam): comparison skipped");
    Map<String, Map<String, String>> iam = new ObjectMapper().readValue(file.toFile(), new TypeReference<>() {});

    List<String> exceptions = new ArrayList<>();
    List<String> unexplained = new ArrayList<>();
    int compared = 0;
    int unmatched = 0;
    for (SdkOperationIndex.Service s : SdkOperationIndex.services()) {
      Map<String, String> levels = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      levels.putAll(iam.getOrDefault(s.signingName(), Map.of()));
      for (String op : s.operations()) {
        String level = levels.get(op);
        if (level == null) {
          unmatched++;
          continue;
        }
        compared++;
        ClassifiedOperation c = catalog.classify(s.packageName(), op);
        if (c.effect() == Effect.READ_ONLY && level.toLowerCase(Locale.ROOT).contains("write")) {
          String line = s.signingName() + ":" + op + " (IAM " + level + "): " + c.reason();
          (c.reason().startsWith("explicit entry") ? exceptions : unexplained).add(line);
        }
      }
    }
    System.out.println("Operation catalog vs IAM: " + compared + " operations compared, " + unmatched
        + " without an IAM action of the same name; reads IAM calls Write:");
    exceptions.forEach(l -> System.out.println("  " + l));
    assertThat(compared).isGreaterThan(1000);
    assertThat(unexplained).as("reads that IAM calls Write without an explicit entry").isEmpty();
    // The explained exceptions today; a new one must be a deliberate, reviewed entry.
    assertThat(exceptions).extracting(l -> l.substring(0, l.indexOf(' ')))
        .containsExactlyInAnyOrder("sts:DecodeAuthorizationMessage");
  }
}
