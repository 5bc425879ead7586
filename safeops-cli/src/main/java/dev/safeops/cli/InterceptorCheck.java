package dev.safeops.cli;

import dev.safeops.aws.UnguardedMutationException;
import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Proves that the examples jar registers {@link dev.safeops.aws.SafeOpsInterceptor} for every
 * SDK client of the JVM (through its {@code execution.interceptors} resource, which shading
 * must merge, not overwrite): builds a plain RDS client with no interceptor of its own against
 * a {@link FakeAws}, sends an unguarded {@code DeleteDBInstance}, and checks it was refused
 * before reaching the endpoint. Prints one line; exit 0 when refused, 1 when the request got
 * out. Run it as {@code java -cp safeops-examples.jar dev.safeops.examples.InterceptorCheck}.
 */
public final class InterceptorCheck {
  private InterceptorCheck() {}

  public static void main(String[] args) {
    System.exit(check());
  }

  static int check() {
    try (FakeAws aws = FakeAws.create().start(); RdsClient rds = FakeAwsClients.rds(aws)) {
      aws.seed().dbInstance("courses-prod");
      try {
        rds.deleteDBInstance(b -> b.dbInstanceIdentifier("courses-prod").skipFinalSnapshot(true));
        System.out.println("NOT GUARDED: DeleteDBInstance reached the endpoint (" + aws.requests().size() + " request(s)).");
        return 1;
      } catch (UnguardedMutationException e) {
        boolean silent = aws.requests().isEmpty() && aws.state().dbInstanceExists("courses-prod");
        System.out.println((silent ? "guarded: " : "NOT GUARDED: ") + e.getMessage() + " (requests that reached the endpoint: "
            + aws.requests().size() + ")");
        return silent ? 0 : 1;
      }
    }
  }
}
