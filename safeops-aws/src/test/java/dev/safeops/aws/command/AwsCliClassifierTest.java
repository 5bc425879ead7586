package dev.safeops.aws.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.OperationCatalog;
import dev.safeops.core.Effect;
import dev.safeops.core.command.Classification;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.CommandLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsCliClassifierTest {
  private final List<String> asked = new ArrayList<>();
  private final OperationCatalog recording = (service, operation) -> {
    asked.add(service + " " + operation);
    return OperationCatalog.defaults().classify(service, operation);
  };
  private final AwsCliClassifier classifier = new AwsCliClassifier(recording);

  private Optional<Classification> classify(String line) {
    return classifier.classify(CommandLine.parse(line).commands().get(0), CommandContext.none());
  }

  private Effect classOf(String line) {
    return classify(line).orElseThrow().effect();
  }

  @Test
  void cliNamesAreMappedToSdkNamesWithTheirAcronyms() {
    classify("aws rds delete-db-instance --db-instance-identifier x");
    classify("aws --profile prod --region eu-west-1 ec2 terminate-instances --instance-ids i-1");
    classify("aws s3api list-objects-v2 --bucket b");
    classify("aws elbv2 describe-ssl-policies");
    classify("aws dynamodb delete-table --table-name t");
    classify("aws ecs delete-service --cluster c --service s");
    classify("aws iam list-mfa-devices");
    classify("aws iam get-open-id-connect-provider --open-id-connect-provider-arn a");
    classify("aws rds describe-db-cluster-snapshots");
    assertThat(asked).containsExactly("RDS DeleteDBInstance", "EC2 TerminateInstances", "S3 ListObjectsV2",
        "ElasticLoadBalancingV2 DescribeSSLPolicies", "DynamoDB DeleteTable", "ECS DeleteService", "IAM ListMFADevices",
        "IAM GetOpenIDConnectProvider", "RDS DescribeDBClusterSnapshots");
  }

  @Test
  void writingOverTerraformRemoteStateOrItsLockIsDestructive() {
    assertThat(classOf("aws s3 cp ./terraform.tfstate s3://tfstate/prod/terraform.tfstate"))
        .isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("aws s3 cp --sse aws:kms terraform.tfstate s3://acme-state/prod/"))
        .isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("aws s3 sync . s3://acme-state/env:/staging/")).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("aws s3api put-object --bucket b --key prod/app.tfstate.backup --body x"))
        .isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classify("aws dynamodb update-item --table-name locks --key '{\"LockID\":{\"S\":\"b/k-md5\"}}'")
        .orElseThrow().reason()).contains("Terraform state lock");
    assertThat(asked).isEmpty();
  }

  @Test
  void readingStateOrWritingOtherKeysIsNotDestructive() {
    assertThat(classOf("aws s3 cp --dryrun terraform.tfstate s3://acme-state/prod/terraform.tfstate"))
        .isEqualTo(Effect.READ_ONLY);
    assertThat(classOf("aws s3 cp s3://acme-state/prod/terraform.tfstate /tmp/copy.json"))
        .isEqualTo(Effect.MUTATING);
    assertThat(classOf("aws s3 cp report.csv s3://acme-state/reports/")).isEqualTo(Effect.MUTATING);
    assertThat(classOf("aws s3api put-object --bucket b --key site/index.html --body index.html"))
        .isEqualTo(Effect.MUTATING);
    assertThat(classOf("aws dynamodb put-item --table-name orders --item '{\"id\":{\"S\":\"1\"}}'"))
        .isEqualTo(Effect.MUTATING);
  }

  @Test
  void theCatalogsClassIsTheCommandsClass() {
    OperationCatalog fixed = (s, o) -> new OperationCatalog.ClassifiedOperation(s, o, Effect.DESTRUCTIVE,
        "explicit entry");
    Classification c = new AwsCliClassifier(fixed)
        .classify(CommandLine.parse("aws sts get-caller-identity").commands().get(0), CommandContext.none())
        .orElseThrow();
    assertThat(c.effect()).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(c.reason()).contains("STS GetCallerIdentity", "explicit entry");
  }

  @Test
  void aFailingCatalogMeansMutating() {
    OperationCatalog broken = (s, o) -> {
      throw new IllegalStateException("x");
    };
    assertThat(new AwsCliClassifier(broken).classify(CommandLine.parse("aws ec2 describe-vpcs").commands().get(0),
        CommandContext.none()).orElseThrow().effect()).isEqualTo(Effect.MUTATING);
  }

  @Test
  void highLevelS3CommandsHaveTheirOwnClasses() {
    assertThat(classOf("aws s3 ls s3://b")).isEqualTo(Effect.READ_ONLY);
    assertThat(classOf("aws s3 cp a s3://b/a")).isEqualTo(Effect.MUTATING);
    assertThat(classOf("aws s3 sync . s3://b")).isEqualTo(Effect.MUTATING);
    assertThat(classOf("aws s3 sync . s3://b --delete")).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("aws s3 rm s3://b/k")).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("aws s3 rb s3://b --force")).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("aws s3 mv s3://a/k s3://b/k")).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("aws s3 rm s3://b --recursive --dryrun")).isEqualTo(Effect.READ_ONLY);
    assertThat(classOf("aws s3 rb s3://b --dryrun")).isEqualTo(Effect.DESTRUCTIVE);
  }

  @Test
  void ec2DryRunIsReadOnlyOnlyWhenNothingCanOverrideIt() {
    assertThat(classOf("aws ec2 terminate-instances --instance-ids i-1 --dry-run")).isEqualTo(Effect.READ_ONLY);
    assertThat(classOf("aws ec2 terminate-instances --instance-ids i-1 --dry-run --no-dry-run"))
        .isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("aws ec2 terminate-instances --dry-run --cli-input-json file://x.json"))
        .isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("aws rds delete-db-instance --db-instance-identifier x --dry-run"))
        .isEqualTo(Effect.DESTRUCTIVE);
  }

  @Test
  void helpVersionAndLocalConfiguration() {
    assertThat(classOf("aws --version")).isEqualTo(Effect.READ_ONLY);
    assertThat(classOf("aws help")).isEqualTo(Effect.READ_ONLY);
    assertThat(classOf("aws ec2 help")).isEqualTo(Effect.READ_ONLY);
    assertThat(classOf("aws configure list")).isEqualTo(Effect.READ_ONLY);
    assertThat(classOf("aws configure set region x")).isEqualTo(Effect.MUTATING);
    assertThat(classOf("aws ec2")).isEqualTo(Effect.MUTATING);
    assertThat(classOf("aws $SVC delete-x")).isEqualTo(Effect.MUTATING);
  }

  @Test
  void otherCommandsGetNoOpinion() {
    assertThat(classify("terraform destroy")).isEmpty();
    assertThat(classify("awk '{print}' x")).isEmpty();
  }

  @Test
  void callsThatOnlyReadOrPrintAreNotAlarms() {
    for (String line : new String[] {"aws logs tail /aws/lambda/app --follow", "aws logs start-live-tail "
        + "--log-group-identifiers arn:x", "aws rds delete-db-instance --generate-cli-skeleton",
        "aws ec2 terminate-instances --generate-cli-skeleton output", "aws s3 cp s3://tf/prod/terraform.tfstate -",
        "aws ec2 wait instance-terminated --instance-ids i-1", "aws s3api get-object --bucket b --key k /dev/stdout"}) {
      assertThat(classOf(line)).as(line).isEqualTo(Effect.READ_ONLY);
    }
    assertThat(classOf("aws s3 cp - s3://b/k")).isEqualTo(Effect.MUTATING);
    assertThat(classOf("aws s3api get-object --bucket b --key k out.json")).isEqualTo(Effect.MUTATING);
    assertThat(classOf("aws logs delete-log-group --log-group-name g")).isEqualTo(Effect.DESTRUCTIVE);
  }

  @Test
  void theCliInOtherClothesIsStillTheCli() {
    assertThat(classOf("AWS s3 rb s3://b --force")).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("/usr/local/bin/Aws rds delete-db-cluster --db-cluster-identifier c"))
        .isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("docker run --rm -v ~/.aws:/root/.aws amazon/aws-cli s3 rb s3://b --force"))
        .isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classOf("podman run --rm public.ecr.aws/aws-cli/aws-cli:2.15.0 ec2 describe-vpcs"))
        .isEqualTo(Effect.READ_ONLY);
    assertThat(classify("docker run --rm node:20 npm test")).isEmpty();
  }

  @Test
  void destructiveCallsAreSeenInCodeSafeopsCannotRead() {
    for (String code : new String[] {"subprocess.run(['aws', 's3', 'rb', 's3://b', '--force'])",
        "import boto3\nboto3.client('rds').delete_db_instance(DBInstanceIdentifier='x')",
        "const { S3Client, DeleteBucketCommand } = require('@aws-sdk/client-s3'); s3.send(new DeleteBucketCommand(p))",
        "system(\"/usr/bin/aw[s] ec2 terminate-instances --instance-ids i-1\")"}) {
      assertThat(classifier.classifyOpaque(code)).as(code)
          .hasValueSatisfying(c -> assertThat(c.effect()).isEqualTo(Effect.DESTRUCTIVE));
    }
    for (String code : new String[] {"subprocess.run(['aws', 'ec2', 'describe-instances'])",
        "boto3.client('s3').list_buckets()", "laws.delete_item(x)"}) {
      assertThat(classifier.classifyOpaque(code)).as(code).isEmpty();
    }
    assertThat(classifier.commandNames()).containsExactly("aws");
  }
}
