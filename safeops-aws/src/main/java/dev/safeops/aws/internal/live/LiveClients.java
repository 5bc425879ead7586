package dev.safeops.aws.internal.live;

import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The clients live evidence is read through; only reads are ever sent. Any may be null: a
 * lookup that needs an absent one fails, and its resource gets a check-failed finding.
 */
public record LiveClients(CloudWatchClient cloudWatch, RdsClient rds, Ec2Client ec2,
    ElasticLoadBalancingV2Client elb, EcsClient ecs, DynamoDbClient dynamoDb) {

  static <C> C need(C client, String service) {
    if (client == null) {
      throw new MissingClientException(service);
    }
    return client;
  }

  /** A lookup needed a client the rule was not given. */
  static final class MissingClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingClientException(String service) {
      super("no " + service + " client was given to the live evidence rule");
    }
  }
}
