package dev.safeops.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The live evidence against moto, an independent emulator: data points put with {@code
 * PutMetricData} and resources made through the SDK, then read by the rule through guarded
 * clients.
 */
class LiveEvidenceOnMotoTest {
  static MotoServer moto;
  final Operation production = Operation.builder().name("cleanup").requester(Principal.agent("coding-agent"))
      .environment(Environment.of("production", Tier.PRODUCTION)).build();

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.startIfInstalled();
  }

  @AfterAll
  static void stopMoto() throws Exception {
    if (moto != null) {
      moto.close();
    }
  }

  static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, SafeOpsInterceptor... guard) {
    builder.endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    for (SafeOpsInterceptor g : guard) {
      builder.overrideConfiguration(o -> o.addExecutionInterceptor(g));
    }
    return builder.build();
  }

  static ResourceChange delete(String type, String name, Map<String, ?> before) {
    return ResourceChange.builder().address(type + "." + name).type(type).action(ChangeAction.DELETE).before(before).build();
  }

  @Test
  void aDatabaseWithConnectionsAndAGroupWithAnInstanceAreInUseTheirTwinsAreNot() throws Exception {
    assumeTrue(moto != null, MotoServer.ABSENT);
    moto.reset();
    SafeOpsInterceptor guard = new SafeOpsInterceptor();
    try (RdsClient adminRds = client(RdsClient.builder()); Ec2Client adminEc2 = client(Ec2Client.builder());
        CloudWatchClient adminCloudWatch = client(CloudWatchClient.builder());
        CloudWatchClient cloudWatch = client(CloudWatchClient.builder(), guard);
        RdsClient rds = client(RdsClient.builder(), guard); Ec2Client ec2 = client(Ec2Client.builder(), guard)) {
      for (String id : List.of("courses-prod", "courses-dup")) {
        adminRds.createDBInstance(b -> b.dbInstanceIdentifier(id).engine("postgres").dbInstanceClass("db.t3.micro")
            .allocatedStorage(20).masterUsername("courses").masterUserPassword("not-a-secret-1"));
      }
      Instant now = Instant.now();
      adminCloudWatch.putMetricData(b -> b.namespace("AWS/RDS").metricData(d -> d.metricName("DatabaseConnections")
          .dimensions(x -> x.name("DBInstanceIdentifier").value("courses-prod")).timestamp(now.minus(Duration.ofMinutes(5)))
          .value(14.0)));
      String vpc = adminEc2.createVpc(b -> b.cidrBlock("10.9.0.0/16")).vpc().vpcId();
      String used = adminEc2.createSecurityGroup(b -> b.groupName("app").description("app").vpcId(vpc)).groupId();
      String idle = adminEc2.createSecurityGroup(b -> b.groupName("app-copy").description("copy").vpcId(vpc)).groupId();
      String subnet = adminEc2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.9.1.0/24")).subnet().subnetId();
      String image = adminEc2.describeImages().images().get(0).imageId();
      String instance = adminEc2.runInstances(b -> b.imageId(image).minCount(1).maxCount(1).subnetId(subnet)
          .securityGroupIds(used)).instances().get(0).instanceId();

      List<Finding> findings;
      try (LiveEvidence rule = LiveEvidence.builder().cloudWatch(cloudWatch).rds(rds).ec2(ec2)
          .budget(Duration.ofSeconds(60)).build()) {
        findings = rule.evaluate(Plan.of(List.of(
            delete("aws_db_instance", "prod", Map.of("identifier", "courses-prod")),
            delete("aws_db_instance", "dup", Map.of("identifier", "courses-dup")),
            delete("aws_security_group", "app", Map.of("id", used)),
            delete("aws_security_group", "copy", Map.of("id", idle)))), production);
      }

      assertThat(findings).extracting(Finding::ruleId).containsOnly("live.in-use");
      assertThat(findings).extracting(Finding::address).containsExactly("aws_db_instance.prod", "aws_security_group.app");
      assertThat(findings.get(0).message()).startsWith("courses-prod: 14 connections in the last hour, created ");
      assertThat(findings.get(1).message()).contains(instance + " (instance, running)");
    }
  }

}
