package dev.safeops.aws.recovery;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest;

/**
 * What moto cannot be told to do, played at the SDK's edge: a restored copy that stays
 * {@code creating} for a number of polls, and a restore AWS refuses.
 */
final class RdsSeams {
  private RdsSeams() {}

  /** Describing a drill copy answers {@code creating} for the first {@code polls} times. */
  static final class PendingCopies implements ExecutionInterceptor {
    private final int polls;
    final AtomicInteger seen = new AtomicInteger();

    PendingCopies(int polls) {
      this.polls = polls;
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
      if (context.request() instanceof DescribeDbInstancesRequest r
          && r.dbInstanceIdentifier() != null && r.dbInstanceIdentifier().startsWith("drill-")
          && context.response() instanceof DescribeDbInstancesResponse response
          && seen.incrementAndGet() <= polls) {
        return response.toBuilder()
            .dbInstances(response.dbInstances().stream().map(db -> db.toBuilder().dbInstanceStatus("creating").build()).toList())
            .build();
      }
      return context.response();
    }
  }

  /** Every restore call fails as AWS fails it when it has no capacity. */
  static final class RefusedRestores implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      SdkRequest r = context.request();
      if (r instanceof RestoreDbInstanceFromDbSnapshotRequest || r instanceof RestoreDbInstanceToPointInTimeRequest) {
        throw RdsException.builder().statusCode(400)
            .message("InsufficientDBInstanceCapacity: no capacity for db.t3.micro in eu-west-1a").build();
      }
    }
  }
}
