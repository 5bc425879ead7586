package dev.safeops.aws.testing.internal;

/** STS: who is calling. */
final class StsHandler extends QueryHandler {

  @Override
  public String signingName() {
    return "sts";
  }

  @Override
  String namespace() {
    return "https://sts.amazonaws.com/doc/2011-06-15/";
  }

  @Override
  public WireResponse handle(Call call) {
    if (!call.operation.equals("GetCallerIdentity")) {
      throw invalidAction(call);
    }
    World w = call.world;
    return ok(call, x -> x.el("UserId", "AIDAFAKEUSER0000000000")
        .el("Account", w.accountId)
        .el("Arn", "arn:aws:iam::" + w.accountId + ":user/fake"));
  }
}
