package dev.safeops.aws.testing.internal;

/**
 * One AWS service of the fake, keyed by its SigV4 signing name. {@link #identify} names the
 * operation and fills the call's parameters without touching the world; {@link #handle} then
 * answers it under the world's lock; {@link #error} writes a failure in the service's shape.
 */
interface ServiceHandler {

  /** The SigV4 credential-scope service name ({@code rds}, {@code elasticloadbalancing}...). */
  String signingName();

  void identify(Call call);

  WireResponse handle(Call call);

  WireResponse error(Call call, AwsError error);

  /** The error a caller without permission gets, in this service's vocabulary. */
  default AwsError accessDenied(Call call) {
    return new AwsError(403, "AccessDenied", "User: arn:aws:iam::" + call.world.accountId
        + ":user/fake is not authorized to perform: " + signingName() + ":" + call.operation);
  }

  static AwsError unknownOperation(String service, String operation) {
    return new AwsError(400, "UnsupportedOperation",
        "The fake AWS endpoint does not support " + service + " operation " + operation + ".");
  }
}
