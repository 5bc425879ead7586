package dev.safeops.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.aws.dynamodb.DynamoDbStores;
import dev.safeops.aws.dynamodb.SpyDynamoDbClient;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Principal;
import dev.safeops.core.testing.FakeApprovals;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import dev.safeops.aws.internal.RequestFacts;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Outcome;
import dev.safeops.core.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.DeleteSubnetRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVpcRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;

/** The guard's scenarios against moto, an independent AWS emulator, plus what only moto can show. */
class MotoGuardTest extends AwsGuardScenarios {
  static MotoServer moto;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.startIfInstalled();
    if (moto == null) {
      return; // each test then skips with the reason, so the skip is counted and visible
    }
    guarded = AwsClients.guarded(moto.endpoint(), REGION);
    admin = AwsClients.unguarded(moto.endpoint(), REGION);
  }

  @AfterAll
  static void stopMoto() throws Exception {
    if (guarded != null) {
      guarded.close();
      admin.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Override
  void resetEndpoint() throws Exception {
    MotoServer.assumePresent(moto);
    moto.reset();
  }

  @Override
  Seed seedStack() {
    return Seed.create(admin);
  }

  @Override
  void takeManualSnapshot(String dbInstance, String snapshot) {
    admin.rds.createDBSnapshot(r -> r.dbInstanceIdentifier(dbInstance).dbSnapshotIdentifier(snapshot));
  }

  /** moto records no requests: the scenarios check its state instead. */
  @Override
  Optional<List<String>> endpointMutations() {
    return Optional.empty();
  }

  @Override
  void clearEndpointRecord() {
    // nothing recorded
  }

  @Override
  boolean honoursDryRunOnVpcAndSubnet() {
    return false;
  }

  /**
   * moto 5.2 executes DeleteVpc and DeleteSubnet even with DryRun=true (its handlers never
   * call error_on_dryrun), where EC2 answers DryRunOperation. safeops cannot prevent an
   * endpoint from ignoring DryRun, but it does not take the answer as a successful dry run.
   */
  @Test
  void motoIgnoresDryRunOnDeleteVpcAndSubnet_andSafeOpsDoesNotTrustIt() {
    String emptyVpc = admin.ec2.createVpc(r -> r.cidrBlock("10.8.0.0/16")).vpc().vpcId();
    String emptySubnet = admin.ec2.createSubnet(r -> r.vpcId(seed.vpcId()).cidrBlock("10.0.9.0/24")).subnet().subnetId();
    assertThatThrownBy(() -> actions(dev).deleteVpc(DeleteVpcRequest.builder().vpcId(emptyVpc).build()).dryRun())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("EC2 dry run of DeleteVpc returned success instead of DryRunOperation");
    assertThatThrownBy(() -> actions(dev).deleteSubnet(DeleteSubnetRequest.builder().subnetId(emptySubnet).build()).dryRun())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the endpoint ignores DryRun");
  }

  @Test
  void ec2NativeDryRunFailureStopsTheAction() {
    // The seeded VPC still has subnets: EC2's own dry run answers DependencyViolation.
    GuardedAction<?> vpc = actions(dev).deleteVpc(DeleteVpcRequest.builder().vpcId(seed.vpcId()).build());
    Outcome<?> outcome = executor(null).execute(op("ec2:DeleteVpc", dev), vpc);
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.refusedAt()).contains(Step.DRY_RUN);
    assertThat(String.join(" ", outcome.reasons())).contains("EC2 dry run of DeleteVpc says it would fail: DependencyViolation");

    GuardedAction<?> missing = actions(dev).terminateInstances(
        TerminateInstancesRequest.builder().instanceIds("i-0123456789abcdef0").build());
    Outcome<?> gone = executor(null).execute(op("ec2:TerminateInstances", dev), missing);
    assertThat(gone.refusedAt()).contains(Step.DRY_RUN);
    assertThat(String.join(" ", gone.reasons())).contains("i-0123456789abcdef0");
    assertThat(guarded.wire.mutations()).allMatch(s -> RequestFacts.isDryRun(s.original()));
    assertStackIntact();
  }

  @Test
  void safeopsOwnStoresWriteThroughTheGuardButTheirMarkerOpensNothingElse() {
    DynamoDbStores.createTable(guarded.dynamoDb, "safeops-store");
    DynamoDbStores stores = DynamoDbStores.create(guarded.dynamoDb, "safeops-store");
    GuardedExecutor executor = stores.applyTo(GuardedExecutor.builder().clock(clock)
        .approvalCallback(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob")))).build();

    Outcome<?> outcome = executor.execute(op("rds:DeleteDBInstance", dev), actions(dev).deleteDbInstance(deleteDb(Seed.STAGING_DB)));
    assertThat(outcome.executed()).as(outcome.toString()).isTrue();
    assertThat(stores.auditLog().read(outcome.auditId())).isNotEmpty();

    AwsRequestOverrideConfiguration marker = SpyDynamoDbClient.capturedStorePut("safeops-store")
        .overrideConfiguration().orElseThrow();
    assertThatThrownBy(() -> guarded.dynamoDb.deleteTable(r -> r.tableName("safeops-store").overrideConfiguration(marker)))
        .isInstanceOf(UnguardedMutationException.class);
    assertThatThrownBy(() -> guarded.dynamoDb.putItem(r -> r.tableName(Seed.TABLE)
        .item(Map.of("id", AttributeValue.fromS("x"))).overrideConfiguration(marker)))
        .isInstanceOf(UnguardedMutationException.class);
    assertThat(admin.dynamoDb.scan(r -> r.tableName(Seed.TABLE)).count()).isZero();
    assertThat(admin.dynamoDb.describeTable(r -> r.tableName("safeops-store")).table()).isNotNull();
  }


}
