package dev.safeops.cli;

import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.core.Environment;
import dev.safeops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Where the command line's AWS calls go. The default is the SDK's own configuration, as the
 * AWS CLI reads it: the default credentials chain, {@code AWS_REGION} or the profile's region,
 * and {@code AWS_ENDPOINT_URL} when set. The clients are guarded by the SDK interceptor the
 * command's jar registers for every client of its JVM.
 */
interface AwsAccess {

  /** The region calls go to when the command names none. */
  String defaultRegion();

  /** The account the credentials sign for in {@code region} (STS GetCallerIdentity). */
  String account(String region);

  /** Guarded actions with clients for {@code environment}'s region; close them when done. */
  Clients clients(Environment environment);

  /** Guarded actions and what to close once they ran. */
  record Clients(AwsGuardedActions actions, AutoCloseable resources) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      resources.close();
    }
  }

  /** The SDK's default configuration. */
  static AwsAccess sdkDefaults() {
    return new AwsAccess() {
      @Override
      public String defaultRegion() {
        try {
          return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
          throw new InvalidInputException("No AWS region is configured: name one with --region in the aws command, or set AWS_REGION.", e);
        }
      }

      @Override
      public String account(String region) {
        try (StsClient sts = StsClient.builder().region(Region.of(region)).httpClient(UrlConnectionHttpClient.create()).build()) {
          return sts.getCallerIdentity().account();
        }
      }

      @Override
      public Clients clients(Environment environment) {
        Region region = Region.of(environment.region().orElseThrow(() ->
            new IllegalArgumentException("environment " + environment.name() + " names no AWS region")));
        List<SdkClient> open = new ArrayList<>();
        RdsClient rds = keep(open, RdsClient.builder().region(region).httpClient(UrlConnectionHttpClient.create()).build());
        Ec2Client ec2 = keep(open, Ec2Client.builder().region(region).httpClient(UrlConnectionHttpClient.create()).build());
        S3Client s3 = keep(open, S3Client.builder().region(region).httpClient(UrlConnectionHttpClient.create()).build());
        DynamoDbClient ddb = keep(open, DynamoDbClient.builder().region(region).httpClient(UrlConnectionHttpClient.create()).build());
        EcsClient ecs = keep(open, EcsClient.builder().region(region).httpClient(UrlConnectionHttpClient.create()).build());
        ElasticLoadBalancingV2Client elb = keep(open,
            ElasticLoadBalancingV2Client.builder().region(region).httpClient(UrlConnectionHttpClient.create()).build());
        BackupClient backup = keep(open, BackupClient.builder().region(region).httpClient(UrlConnectionHttpClient.create()).build());
        AwsGuardedActions actions = AwsGuardedActions.builder(environment)
            .rds(rds).ec2(ec2).s3(s3).dynamoDb(ddb).ecs(ecs).elasticLoadBalancingV2(elb).backup(backup).build();
        return new Clients(actions, () -> open.forEach(SdkClient::close));
      }

      private <C extends SdkClient> C keep(List<SdkClient> open, C client) {
        open.add(client);
        return client;
      }
    };
  }
}
