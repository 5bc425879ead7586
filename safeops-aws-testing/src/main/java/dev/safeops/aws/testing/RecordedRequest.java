package dev.safeops.aws.testing;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the fake endpoint received, as it understood it: the SigV4 service, the
 * operation, the parameters (query-protocol form fields, JSON members, or S3/Backup path and
 * query parts), the HTTP status it answered, and whether answering it changed the fake's state.
 * A dry run, a refusal or any error never counts as a mutation. Immutable.
 */
public final class RecordedRequest {
  private final String service;
  private final String operation;
  private final Map<String, String> parameters;
  private final boolean mutated;
  private final int status;
  private final String errorCode;
  private final String requestId;

  RecordedRequest(String service, String operation, Map<String, String> parameters, boolean mutated,
      int status, String errorCode, String requestId) {
    this.service = Objects.requireNonNull(service);
    this.operation = Objects.requireNonNull(operation);
    this.parameters = Map.copyOf(parameters);
    this.mutated = mutated;
    this.status = status;
    this.errorCode = errorCode;
    this.requestId = Objects.requireNonNull(requestId);
  }

  /** The SigV4 credential-scope service: {@code rds}, {@code ec2}, {@code s3}, {@code elasticloadbalancing}... */
  public String service() {
    return service;
  }

  /** The operation name, e.g. {@code DeleteDBInstance}; for requests it did not understand, a description. */
  public String operation() {
    return operation;
  }

  public Map<String, String> parameters() {
    return parameters;
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  /** True when answering this request changed the fake's state. */
  public boolean mutated() {
    return mutated;
  }

  public int status() {
    return status;
  }

  /** The AWS error code answered, e.g. {@code DryRunOperation}; empty on success. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** The request id the fake answered with (in the body or the x-amzn-RequestId / x-amz-request-id header). */
  public String requestId() {
    return requestId;
  }

  @Override
  public String toString() {
    return service + ":" + operation + parameters + " -> " + status
        + (errorCode != null ? " " + errorCode : "") + (mutated ? " (mutated)" : "");
  }
}
