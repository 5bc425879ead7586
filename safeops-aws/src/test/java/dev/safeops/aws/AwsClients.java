package dev.safeops.aws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/** Real SDK clients pointed at a loopback endpoint, guarded, with a recorder behind the guard. */
final class AwsClients implements AutoCloseable {
  final WireRecorder wire = new WireRecorder();
  final Region region;
  final StsClient sts;
  final RdsClient rds;
  final Ec2Client ec2;
  final S3Client s3;
  final DynamoDbClient dynamoDb;
  final DynamoDbAsyncClient dynamoDbAsync;
  final EcsClient ecs;
  final ElasticLoadBalancingV2Client elb;
  final BackupClient backup;
  /** The async client's transport: no async HTTP client ships with safeops, so it only counts. */
  final CountingAsyncHttpClient asyncHttp = new CountingAsyncHttpClient();

  /** Guarded clients: the interceptor, then the recorder. */
  static AwsClients guarded(URI endpoint, Region region) {
    return new AwsClients(endpoint, region, true);
  }

  /** Unguarded clients, to seed and inspect the endpoint the way an operator's console would. */
  static AwsClients unguarded(URI endpoint, Region region) {
    return new AwsClients(endpoint, region, false);
  }

  private AwsClients(URI endpoint, Region region, boolean guard) {
    this.region = region;
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    ClientOverrideConfiguration.Builder cfg = ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD);
    if (guard) {
      cfg.addExecutionInterceptor(new SafeOpsInterceptor());
    }
    ClientOverrideConfiguration guarded = cfg.addExecutionInterceptor(wire).build();
    sts = StsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(creds)
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(guarded).build();
    rds = RdsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(creds)
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(guarded).build();
    ec2 = Ec2Client.builder().endpointOverride(endpoint).region(region).credentialsProvider(creds)
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(guarded).build();
    s3 = S3Client.builder().endpointOverride(endpoint).region(region).credentialsProvider(creds).forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(guarded).build();
    dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(creds)
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(guarded).build();
    dynamoDbAsync = DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(creds)
        .httpClient(asyncHttp).overrideConfiguration(guarded).build();
    ecs = EcsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(creds)
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(guarded).build();
    elb = ElasticLoadBalancingV2Client.builder().endpointOverride(endpoint).region(region).credentialsProvider(creds)
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(guarded).build();
    backup = BackupClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(creds)
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(guarded).build();
  }

  @Override
  public void close() {
    sts.close();
    rds.close();
    ec2.close();
    s3.close();
    dynamoDb.close();
    dynamoDbAsync.close();
    ecs.close();
    elb.close();
    backup.close();
  }
}
