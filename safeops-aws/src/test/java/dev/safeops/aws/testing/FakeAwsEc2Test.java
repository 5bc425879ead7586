package dev.safeops.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;

class FakeAwsEc2Test {
  private static FakeAws aws;
  private static Ec2Client ec2;

  @BeforeAll
  static void start() {
    aws = FakeAws.create().start();
    ec2 = FakeAwsClients.ec2(aws);
  }

  @AfterAll
  static void stop() {
    ec2.close();
    aws.close();
  }

  @BeforeEach
  void seed() {
    aws.reset();
    aws.seed().vpc("vpc-1", "10.0.0.0/16")
        .subnet("subnet-1", "vpc-1", "10.0.1.0/24", "us-east-1a")
        .securityGroup("sg-default", "default", "vpc-1")
        .securityGroup("sg-web", "web", "vpc-1")
        .ec2Instance("i-web", i -> i.subnet("subnet-1").securityGroup("sg-web").tag("Name", "web"))
        .ec2Instance("i-keep", i -> i.subnet("subnet-1").disableApiTermination(true))
        .volume("vol-free", 20, "us-east-1a")
        .attachedVolume("vol-root", 8, "us-east-1a", "i-web")
        .ec2Snapshot("snap-1", "vol-free", Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void describeInstancesGroupsByReservationWithStateTagsAndNetwork() {
    Instance web = ec2.describeInstances(b -> b.instanceIds("i-web")).reservations().get(0).instances().get(0);

    assertThat(web.instanceId()).isEqualTo("i-web");
    assertThat(web.state().nameAsString()).isEqualTo("running");
    assertThat(web.state().code()).isEqualTo(16);
    assertThat(web.subnetId()).isEqualTo("subnet-1");
    assertThat(web.vpcId()).isEqualTo("vpc-1");
    assertThat(web.securityGroups()).extracting(g -> g.groupId()).containsExactly("sg-web");
    assertThat(web.tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("Name=web");
  }

  @Test
  void filtersSelectInstancesAndAnUnknownFilterIsRefused() {
    assertThat(ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:Name").values("web").build()))
        .reservations()).flatExtracting(r -> r.instances()).extracting(Instance::instanceId).containsExactly("i-web");
    assertThatThrownBy(() -> ec2.describeInstances(b -> b.filters(Filter.builder().name("bogus").values("x").build())))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
  }

  @Test
  void dryRunTerminateAnswersDryRunOperationWith412AndChangesNothing() {
    assertThatThrownBy(() -> ec2.terminateInstances(b -> b.instanceIds("i-web").dryRun(true)))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(412);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Request would have succeeded, but DryRun flag is set.");
          assertThat(e.requestId()).isNotBlank();
        });

    assertThat(aws.state().ec2InstanceState("i-web")).contains("running");
    assertThat(aws.mutatingRequests()).isEmpty();
    assertThat(aws.requests()).singleElement().satisfies(r -> {
      assertThat(r.operation()).isEqualTo("TerminateInstances");
      assertThat(r.parameter("DryRun")).contains("true");
      assertThat(r.errorCode()).contains("DryRunOperation");
    });
  }

  @Test
  void dryRunOfADeniedOperationAnswersUnauthorizedOperation() {
    aws.deny("ec2", "DeleteVolume");

    assertThatThrownBy(() -> ec2.deleteVolume(b -> b.volumeId("vol-free").dryRun(true)))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
        });
    assertThatThrownBy(() -> ec2.deleteVolume(b -> b.volumeId("vol-free")))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation"));
    assertThat(aws.state().volumeExists("vol-free")).isTrue();
  }

  @Test
  void dryRunOfEveryDeleteNeverMutates() {
    for (Runnable dry : new Runnable[] {
        () -> ec2.deleteVpc(b -> b.vpcId("vpc-1").dryRun(true)),
        () -> ec2.deleteSubnet(b -> b.subnetId("subnet-1").dryRun(true)),
        () -> ec2.deleteSecurityGroup(b -> b.groupId("sg-web").dryRun(true)),
        () -> ec2.deleteVolume(b -> b.volumeId("vol-free").dryRun(true)),
        () -> ec2.deleteSnapshot(b -> b.snapshotId("snap-1").dryRun(true)),
        () -> ec2.describeVpcs(b -> b.dryRun(true))}) {
      assertThatThrownBy(dry::run).isInstanceOfSatisfying(Ec2Exception.class,
          e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation"));
    }
    assertThat(aws.mutatingRequests()).isEmpty();
    assertThat(aws.state().vpcExists("vpc-1")).isTrue();
    assertThat(aws.state().subnetExists("subnet-1")).isTrue();
    assertThat(aws.state().securityGroupExists("sg-web")).isTrue();
    assertThat(aws.state().ec2SnapshotExists("snap-1")).isTrue();
  }

  @Test
  void dryRunOnAMissingResourceReportsItMissing() {
    assertThatThrownBy(() -> ec2.terminateInstances(b -> b.instanceIds("i-nope").dryRun(true)))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound"));
  }

  @Test
  void terminateReportsTheTransitionAndTheInstanceStaysVisibleAsTerminated() {
    InstanceStateChange change = ec2.terminateInstances(b -> b.instanceIds("i-web")).terminatingInstances().get(0);

    assertThat(change.previousState().nameAsString()).isEqualTo("running");
    assertThat(change.currentState().nameAsString()).isEqualTo("shutting-down");
    assertThat(aws.state().ec2InstanceState("i-web")).contains("terminated");
    assertThat(ec2.describeInstances(b -> b.filters(Filter.builder().name("instance-state-name").values("running").build()))
        .reservations()).flatExtracting(r -> r.instances()).extracting(Instance::instanceId).containsExactly("i-keep");
    assertThat(aws.mutatingRequests()).extracting(RecordedRequest::operation).containsExactly("TerminateInstances");
  }

  @Test
  void disableApiTerminationRefusesTermination() {
    assertThatThrownBy(() -> ec2.terminateInstances(b -> b.instanceIds("i-keep")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("OperationNotPermitted");
          assertThat(e.awsErrorDetails().errorMessage()).contains("disableApiTermination");
        });
    assertThat(aws.state().ec2InstanceState("i-keep")).contains("running");
  }

  @Test
  void networkResourcesWithDependenciesAreNotDeletedAndFreeOnesAre() {
    assertThatThrownBy(() -> ec2.deleteVpc(b -> b.vpcId("vpc-1"))).isInstanceOfSatisfying(Ec2Exception.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation"));
    assertThatThrownBy(() -> ec2.deleteSecurityGroup(b -> b.groupId("sg-web"))).isInstanceOfSatisfying(Ec2Exception.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation"));

    aws.seed().ec2Instance("i-web", i -> i.state("terminated")).ec2Instance("i-keep", i -> i.state("terminated"));
    ec2.deleteSecurityGroup(b -> b.groupId("sg-web"));
    ec2.deleteSubnet(b -> b.subnetId("subnet-1"));
    ec2.deleteVpc(b -> b.vpcId("vpc-1"));

    assertThat(ec2.describeVpcs().vpcs()).isEmpty();
    assertThat(ec2.describeSubnets().subnets()).isEmpty();
    assertThat(ec2.describeSecurityGroups().securityGroups()).isEmpty();
    assertThat(aws.state().vpcExists("vpc-1")).isFalse();
  }

  @Test
  void describeNetworkResourcesAsTheSdkModelsThem() {
    assertThat(ec2.describeVpcs().vpcs()).singleElement().satisfies(v -> {
      assertThat(v.vpcId()).isEqualTo("vpc-1");
      assertThat(v.cidrBlock()).isEqualTo("10.0.0.0/16");
      assertThat(v.isDefault()).isFalse();
    });
    assertThat(ec2.describeSubnets(b -> b.filters(Filter.builder().name("vpc-id").values("vpc-1").build())).subnets())
        .singleElement().satisfies(s -> {
          assertThat(s.subnetId()).isEqualTo("subnet-1");
          assertThat(s.availabilityZone()).isEqualTo("us-east-1a");
        });
    assertThat(ec2.describeSecurityGroups(b -> b.groupIds("sg-web")).securityGroups())
        .singleElement().satisfies(g -> {
          assertThat(g.groupName()).isEqualTo("web");
          assertThat(g.vpcId()).isEqualTo("vpc-1");
        });
    assertThat(ec2.describeSecurityGroups(b -> b.groupNames("default")).securityGroups())
        .extracting(g -> g.groupId()).containsExactly("sg-default");
    assertThatThrownBy(() -> ec2.describeVpcs(b -> b.vpcIds("vpc-nope"))).isInstanceOfSatisfying(Ec2Exception.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidVpcID.NotFound"));
  }

  @Test
  void theDefaultSecurityGroupCannotBeDeleted() {
    assertThatThrownBy(() -> ec2.deleteSecurityGroup(b -> b.groupId("sg-default")))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("CannotDelete"));
  }

  @Test
  void volumesAndSnapshotsAreDescribedAndDeleted() {
    assertThat(ec2.describeVolumes().volumes()).extracting(v -> v.volumeId() + ":" + v.stateAsString())
        .containsExactly("vol-free:available", "vol-root:in-use");
    assertThat(ec2.describeVolumes(b -> b.volumeIds("vol-root")).volumes().get(0).attachments())
        .singleElement().satisfies(a -> assertThat(a.instanceId()).isEqualTo("i-web"));
    assertThat(ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots()).singleElement().satisfies(s -> {
      assertThat(s.snapshotId()).isEqualTo("snap-1");
      assertThat(s.volumeId()).isEqualTo("vol-free");
      assertThat(s.startTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
      assertThat(s.volumeSize()).isEqualTo(20);
    });

    assertThatThrownBy(() -> ec2.deleteVolume(b -> b.volumeId("vol-root"))).isInstanceOfSatisfying(Ec2Exception.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("VolumeInUse"));
    ec2.deleteVolume(b -> b.volumeId("vol-free"));
    ec2.deleteSnapshot(b -> b.snapshotId("snap-1"));

    assertThat(aws.state().volumeExists("vol-free")).isFalse();
    assertThat(ec2.describeSnapshots().snapshots()).isEmpty();
    assertThatThrownBy(() -> ec2.deleteSnapshot(b -> b.snapshotId("snap-1"))).isInstanceOfSatisfying(Ec2Exception.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSnapshot.NotFound"));
  }
}
