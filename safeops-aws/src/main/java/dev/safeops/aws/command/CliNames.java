package dev.safeops.aws.command;

import java.util.Locale;
import java.util.Map;

/**
 * Maps AWS CLI names to SDK names: {@code rds} to {@code RDS}, {@code s3api} to {@code S3},
 * {@code delete-db-instance} to {@code DeleteDBInstance}. The CLI derives its kebab-case
 * names from the API's PascalCase ones; the reverse needs the API's acronyms back.
 */
final class CliNames {
  /** Global options of the AWS CLI that take a value. */
  static final java.util.Set<String> GLOBAL_WITH_VALUE = java.util.Set.of("--profile", "--region", "--endpoint-url",
      "--output", "--query", "--cli-read-timeout", "--cli-connect-timeout", "--color", "--ca-bundle",
      "--cli-binary-format");

  private static final Map<String, String> SERVICES = Map.ofEntries(
      Map.entry("rds", "RDS"), Map.entry("ec2", "EC2"), Map.entry("s3api", "S3"), Map.entry("s3", "S3"),
      Map.entry("s3control", "S3Control"), Map.entry("dynamodb", "DynamoDB"), Map.entry("ecs", "ECS"),
      Map.entry("elbv2", "ElasticLoadBalancingV2"), Map.entry("elb", "ElasticLoadBalancing"),
      Map.entry("iam", "IAM"), Map.entry("sts", "STS"), Map.entry("backup", "Backup"), Map.entry("lambda", "Lambda"),
      Map.entry("kms", "KMS"), Map.entry("sqs", "SQS"), Map.entry("sns", "SNS"),
      Map.entry("cloudformation", "CloudFormation"), Map.entry("eks", "EKS"), Map.entry("ecr", "ECR"),
      Map.entry("route53", "Route53"), Map.entry("secretsmanager", "SecretsManager"),
      Map.entry("elasticache", "ElastiCache"), Map.entry("logs", "CloudWatchLogs"),
      Map.entry("cloudwatch", "CloudWatch"), Map.entry("ssm", "SSM"), Map.entry("autoscaling", "AutoScaling"),
      Map.entry("efs", "EFS"), Map.entry("docdb", "DocDB"), Map.entry("neptune", "Neptune"),
      Map.entry("redshift", "Redshift"), Map.entry("organizations", "Organizations"),
      Map.entry("cloudfront", "CloudFront"), Map.entry("apigateway", "APIGateway"),
      Map.entry("apigatewayv2", "ApiGatewayV2"), Map.entry("kinesis", "Kinesis"), Map.entry("glacier", "Glacier"),
      Map.entry("acm", "ACM"), Map.entry("es", "ElasticsearchService"), Map.entry("opensearch", "OpenSearch"),
      Map.entry("events", "EventBridge"), Map.entry("stepfunctions", "SFN"), Map.entry("sso", "SSO"),
      Map.entry("ce", "CostExplorer"), Map.entry("ses", "SES"), Map.entry("sesv2", "SESv2"));

  /** Acronyms the CLI lower-cases; everything else is capitalised word by word. */
  private static final Map<String, String> TOKENS = Map.ofEntries(
      Map.entry("db", "DB"), Map.entry("saml", "SAML"), Map.entry("mfa", "MFA"), Map.entry("ssh", "SSH"),
      Map.entry("ssl", "SSL"), Map.entry("acl", "Acl"));

  /** Whole-name exceptions where a token's casing depends on the operation. */
  private static final Map<String, String> OPERATIONS = Map.ofEntries(
      Map.entry("get-open-id-connect-provider", "GetOpenIDConnectProvider"),
      Map.entry("list-open-id-connect-providers", "ListOpenIDConnectProviders"),
      Map.entry("create-open-id-connect-provider", "CreateOpenIDConnectProvider"),
      Map.entry("delete-open-id-connect-provider", "DeleteOpenIDConnectProvider"),
      Map.entry("update-open-id-connect-provider-thumbprint", "UpdateOpenIDConnectProviderThumbprint"),
      Map.entry("add-client-id-to-open-id-connect-provider", "AddClientIDToOpenIDConnectProvider"),
      Map.entry("remove-client-id-from-open-id-connect-provider", "RemoveClientIDFromOpenIDConnectProvider"),
      Map.entry("list-objects-v2", "ListObjectsV2"));

  private CliNames() {}

  /**
   * An AWS CLI call's service and operation.
   *
   * @param serviceIndex where the service is among the arguments
   * @param service the CLI service name ({@code rds})
   * @param operation the CLI operation name ({@code delete-db-instance})
   */
  record Call(int serviceIndex, String service, String operation) {
    String sdkService() {
      return CliNames.service(service);
    }

    String sdkOperation() {
      return CliNames.operation(operation);
    }
  }

  /** The service and operation of {@code aws ARGS}, after the global options; empty when there are not both. */
  static java.util.Optional<Call> call(java.util.List<String> args) {
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (a.startsWith("--")) {
        if (GLOBAL_WITH_VALUE.contains(a)) {
          k++;
        }
        continue;
      }
      return k + 1 < args.size() ? java.util.Optional.of(new Call(k, a, args.get(k + 1))) : java.util.Optional.empty();
    }
    return java.util.Optional.empty();
  }

  /** The SDK service name for a CLI service name; unknown names are capitalised word by word. */
  static String service(String cli) {
    String s = SERVICES.get(cli.toLowerCase(Locale.ROOT));
    return s != null ? s : pascal(cli);
  }

  /** The SDK operation name for a CLI operation name. */
  static String operation(String cli) {
    String lower = cli.toLowerCase(Locale.ROOT);
    String o = OPERATIONS.get(lower);
    return o != null ? o : pascal(lower);
  }

  private static String pascal(String kebab) {
    StringBuilder b = new StringBuilder(kebab.length());
    for (String part : kebab.split("-")) {
      if (part.isEmpty()) {
        continue;
      }
      String t = TOKENS.get(part);
      if (t != null) {
        b.append(t);
      } else {
        b.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
      }
    }
    return b.toString();
  }
}
