package dev.safeops.aws.testing;

import dev.safeops.aws.testing.internal.LowercaseResponseHeaders;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Real AWS SDK v2 clients pointed at a started {@link FakeAws}: its endpoint and region, static
 * dummy credentials, the JDK-based {@code UrlConnectionHttpClient}, and for S3 path-style
 * addressing (the fake does not resolve virtual-host bucket names). Each client owns its HTTP
 * client; close the client when done. To add interceptors or other overrides, start from
 * {@link #pointAt(AwsClientBuilder, FakeAws)} with the service's own builder.
 */
public final class FakeAwsClients {
  /** The credentials the clients sign with; the fake reads only their scope. */
  public static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIAFAKEFAKEFAKEFAKE", "fake-secret");

  private FakeAwsClients() {}

  /**
   * Points any synchronous service client builder at the fake, e.g.
   * {@code pointAt(RdsClient.builder(), aws).overrideConfiguration(o -> o.addExecutionInterceptor(guard)).build()}.
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B pointAt(B builder, FakeAws fake) {
    return builder
        .endpointOverride(fake.endpoint())
        .region(Region.of(fake.region()))
        .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
  }

  public static RdsClient rds(FakeAws fake) {
    return pointAt(RdsClient.builder(), fake).build();
  }

  public static Ec2Client ec2(FakeAws fake) {
    return pointAt(Ec2Client.builder(), fake).build();
  }

  /**
   * An S3 client with {@code forcePathStyle(true)}. It also lower-cases response header names
   * as AWS sends them (the JDK server behind the fake capitalises them), so that
   * {@code responseMetadata().requestId()} finds {@code x-amz-request-id}; an S3 client built
   * from {@link #pointAt} without it reports successful answers' request ids as UNKNOWN.
   */
  public static S3Client s3(FakeAws fake) {
    return pointAt(S3Client.builder(), fake).forcePathStyle(true)
        .overrideConfiguration(o -> o.addExecutionInterceptor(new LowercaseResponseHeaders()))
        .build();
  }

  public static StsClient sts(FakeAws fake) {
    return pointAt(StsClient.builder(), fake).build();
  }

  public static DynamoDbClient dynamoDb(FakeAws fake) {
    return pointAt(DynamoDbClient.builder(), fake).build();
  }

  public static EcsClient ecs(FakeAws fake) {
    return pointAt(EcsClient.builder(), fake).build();
  }

  public static ElasticLoadBalancingV2Client elbv2(FakeAws fake) {
    return pointAt(ElasticLoadBalancingV2Client.builder(), fake).build();
  }

  public static BackupClient backup(FakeAws fake) {
    return pointAt(BackupClient.builder(), fake).build();
  }

  public static CloudWatchClient cloudWatch(FakeAws fake) {
    return pointAt(CloudWatchClient.builder(), fake).build();
  }
}
