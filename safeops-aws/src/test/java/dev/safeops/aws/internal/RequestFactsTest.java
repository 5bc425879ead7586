package dev.safeops.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

class RequestFactsTest {
  static DeleteDbInstanceRequest delete(String id, boolean skip) {
    return DeleteDbInstanceRequest.builder().dbInstanceIdentifier(id).skipFinalSnapshot(skip).build();
  }

  @Test
  void equalRequestsShareAFingerprintAndAnyDifferenceChangesIt() {
    String staging = RequestFacts.fingerprint("RDS", "DeleteDBInstance", delete("courses-staging", false));
    assertThat(RequestFacts.fingerprint("rds", "deletedbinstance", delete("courses-staging", false))).isEqualTo(staging);
    assertThat(RequestFacts.fingerprint("RDS", "DeleteDBInstance", delete("courses-prod", false))).isNotEqualTo(staging);
    assertThat(RequestFacts.fingerprint("RDS", "DeleteDBInstance", delete("courses-staging", true))).isNotEqualTo(staging);
    assertThat(RequestFacts.fingerprint("RDS", "DeleteDBCluster", delete("courses-staging", false))).isNotEqualTo(staging);
  }

  @Test
  void aRestoreTargetsTheCopyItCreatesNotTheSourceItReadsFrom() {
    assertThat(RequestFacts.targets(software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest.builder()
        .sourceDBInstanceIdentifier("courses-prod").targetDBInstanceIdentifier("drill-courses-prod-20261123")
        .useLatestRestorableTime(true)
        .tags(software.amazon.awssdk.services.rds.model.Tag.builder().key("safeops:drill-status").value("restoring").build())
        .build()))
        .containsExactly("drill-courses-prod-20261123");
  }

  @Test
  void taggingTargetsTheResourceItNames() {
    String arn = "arn:aws:rds:us-east-1:123456789012:db:courses-prod";
    assertThat(RequestFacts.targets(software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest.builder()
        .resourceName(arn)
        .tags(software.amazon.awssdk.services.rds.model.Tag.builder().key("owner").value("alice").build()).build()))
        .containsExactly(arn);
  }

  @Test
  void targetsAreFoundAtAnyDepthByMemberName() {
    assertThat(RequestFacts.targets(delete("courses-prod", true))).containsExactly("courses-prod");
    assertThat(RequestFacts.targets(DeleteObjectsRequest.builder().bucket("uploads")
        .delete(d -> d.objects(ObjectIdentifier.builder().key("a").build(), ObjectIdentifier.builder().key("b").build()))
        .build())).containsExactly("uploads", "a", "b");
    assertThat(RequestFacts.targets(DeleteServiceRequest.builder().cluster("courses").service("web").force(true).build()))
        .containsExactlyInAnyOrder("courses", "web");
  }
}
