package dev.safeops.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class FakeAwsS3Test {
  private static FakeAws aws;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    aws = FakeAws.create().start();
    s3 = FakeAwsClients.s3(aws);
  }

  @AfterAll
  static void stop() {
    s3.close();
    aws.close();
  }

  @BeforeEach
  void seed() {
    aws.reset();
    aws.seed().bucket("exports", b -> b.object("2026/01/a.csv", 10).object("2026/01/b.csv", 20).object("readme", 5))
        .bucket("empty", b -> { })
        .bucket("versioned", b -> b.versioning("Enabled").object("data", 1));
  }

  @Test
  void listBucketsAndHeadBucketSeeTheSeededBuckets() {
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("exports", "empty", "versioned");
    assertThat(s3.headBucket(b -> b.bucket("exports")).sdkHttpResponse().statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("missing"))).isInstanceOfSatisfying(NoSuchBucketException.class,
        e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  @Test
  void listObjectsV2HonoursThePrefix() {
    assertThat(s3.listObjectsV2(b -> b.bucket("exports").prefix("2026/")).contents())
        .extracting(S3Object::key, S3Object::size)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2026/01/a.csv", 10L),
            org.assertj.core.groups.Tuple.tuple("2026/01/b.csv", 20L));
    assertThat(s3.listObjectsV2(b -> b.bucket("exports")).keyCount()).isEqualTo(3);
  }

  @Test
  void deleteBucketRefusesANonEmptyBucketWithBucketNotEmpty() {
    assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket("exports"))).isInstanceOfSatisfying(S3Exception.class, e -> {
      assertThat(e.statusCode()).isEqualTo(409);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
      assertThat(e.requestId()).isNotBlank();
    });
    assertThat(aws.state().bucketExists("exports")).isTrue();
  }

  @Test
  void deleteObjectsThenDeleteBucketRemovesTheBucket() {
    var result = s3.deleteObjects(b -> b.bucket("exports").delete(Delete.builder().objects(
        ObjectIdentifier.builder().key("2026/01/a.csv").build(), ObjectIdentifier.builder().key("2026/01/b.csv").build(),
        ObjectIdentifier.builder().key("readme").build()).build()));

    assertThat(result.deleted()).extracting(d -> d.key()).containsExactly("2026/01/a.csv", "2026/01/b.csv", "readme");
    s3.deleteBucket(b -> b.bucket("exports"));
    assertThat(aws.state().bucketExists("exports")).isFalse();
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).doesNotContain("exports");
    assertThat(aws.mutatingRequests()).extracting(RecordedRequest::operation).containsExactly("DeleteObjects", "DeleteBucket");
    assertThat(aws.requests().get(0).parameter("Keys")).contains("2026/01/a.csv,2026/01/b.csv,readme");
  }

  @Test
  void inAVersionedBucketDeletedObjectsKeepTheirVersionsAndTheBucketStaysNonEmpty() {
    s3.deleteObjects(b -> b.bucket("versioned").delete(Delete.builder().objects(
        ObjectIdentifier.builder().key("data").build()).build()));

    assertThat(s3.listObjectsV2(b -> b.bucket("versioned")).contents()).isEmpty();
    assertThat(aws.state().noncurrentVersionsIn("versioned")).containsExactly("data");
    assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket("versioned"))).isInstanceOfSatisfying(S3Exception.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty"));
  }

  @Test
  void bucketVersioningIsReadAndSuspended() {
    assertThat(s3.getBucketVersioning(b -> b.bucket("empty")).status()).isNull();
    assertThat(s3.getBucketVersioning(b -> b.bucket("versioned")).status()).isEqualTo(BucketVersioningStatus.ENABLED);

    s3.putBucketVersioning(b -> b.bucket("versioned").versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));

    assertThat(s3.getBucketVersioning(b -> b.bucket("versioned")).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
    assertThat(aws.state().bucketVersioning("versioned")).contains("Suspended");
    assertThat(aws.mutatingRequests()).singleElement().satisfies(r -> {
      assertThat(r.operation()).isEqualTo("PutBucketVersioning");
      assertThat(r.parameter("Status")).contains("Suspended");
    });
  }

  @Test
  void aMissingBucketIsNoSuchBucket() {
    assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("missing"))).isInstanceOfSatisfying(NoSuchBucketException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The specified bucket does not exist"));
  }

  @Test
  void anUnsupportedS3OperationIsAnAwsShapedErrorNamingIt() {
    assertThatThrownBy(() -> s3.getObject(b -> b.bucket("exports").key("readme"),
        software.amazon.awssdk.core.sync.ResponseTransformer.toBytes()))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperation");
          assertThat(e.awsErrorDetails().errorMessage()).contains("s3").contains("GET object");
        });
  }
}
