package dev.safeops.aws.dynamodb;

import dev.safeops.core.Approval;
import dev.safeops.core.ApprovedExecution;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Decision;
import dev.safeops.core.DestructiveBudget;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A separate JVM racing other processes through one DynamoDB table, started by {@link
 * DynamoDbMultiProcessTest}. Modes:
 *
 * <pre>
 * race  ENDPOINT TABLE OUT NAME OPS   run OPS guarded deletes on one scope; the first asks with the
 *                                     approval every racer shares, the rest with their own
 * hold  ENDPOINT TABLE OUT NAME LEASE_MS   take the scope, print HOLDING and block until killed
 * next  ENDPOINT TABLE OUT NAME       take the scope (waiting), print GOT and exit
 * </pre>
 *
 * Each execution appends "EXEC opId startNanos endNanos token" (epoch nanoseconds) to OUT/NAME.log.
 */
public final class StoreRacer {
  static final String SCOPE = "prod/network";
  static final String SHARED_APPROVAL = "approval-shared";
  static final int BUDGET = 10;

  private StoreRacer() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    DynamoDbClient client = EmbeddedDynamoDb.client(URI.create(args[1]));
    DynamoDbStores stores = DynamoDbStores.create(client, args[2]);
    Path log = Path.of(args[3]).resolve(args[4] + ".log");
    String name = args[4];
    switch (mode) {
      case "race" -> race(stores, log, name, Integer.parseInt(args[5]));
      case "hold" -> hold(stores, name, Duration.ofMillis(Long.parseLong(args[5])));
      case "next" -> next(stores, name);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    System.exit(0);
  }

  static Plan deletePlan(String address) {
    return Plan.of(List.of(ResourceChange.builder().address(address).type("aws_instance").provider("aws")
        .action(ChangeAction.DELETE).before(java.util.Map.of("id", address)).build()));
  }

  static Operation operation(String id) {
    return Operation.builder().id(id).name("ec2:TerminateInstances").requester(Principal.human("alice"))
        .environment(Environment.of("prod", Tier.PRODUCTION)).build();
  }

  private static GuardedExecutor.Builder executor(DynamoDbStores stores, String name) {
    return stores.applyTo(GuardedExecutor.builder())
        .owner("racer-" + name)
        .policy((op, radius) -> Decision.requireApprovals(1, "every delete needs a second person"))
        .approvalCallback(request -> {
          String id = request.operation().id().endsWith("-0") ? SHARED_APPROVAL : "approval-" + request.operation().id();
          Instant now = Instant.now();
          return CompletableFuture.completedFuture(List.of(
              Approval.of(id, Principal.human("bob"), request.plan().digest(), now, now.plus(Duration.ofHours(1)))));
        })
        .budget(DestructiveBudget.of(BUDGET, Duration.ofHours(1)));
  }

  private static void race(DynamoDbStores stores, Path log, String name, int ops) throws IOException {
    GuardedExecutor executor = executor(stores, name).lockLease(Duration.ofSeconds(20)).lockWait(Duration.ofSeconds(40)).build();
    for (int i = 0; i < ops; i++) {
      String opId = name + "-op-" + i;
      GuardedAction<String> action = GuardedAction.of(SCOPE, () -> deletePlan("aws_instance." + opId), approved -> {
        long start = nanos();
        long token = ApprovedExecution.current().orElseThrow().fencingToken();
        // Some real work inside the critical section, so overlapping executions would show.
        Path scratch = log.resolveSibling(name + ".scratch");
        for (int w = 0; w < 5; w++) {
          Files.writeString(scratch, opId + " " + w, StandardCharsets.UTF_8);
        }
        long end = nanos();
        append(log, "EXEC " + opId + " " + start + " " + end + " " + token);
        return opId;
      });
      Outcome<String> outcome = executor.execute(operation(opId), action);
      append(log, "OUTCOME " + opId + " " + outcome.status() + " " + outcome.refusedAt().map(Enum::name).orElse("-"));
    }
  }

  private static void hold(DynamoDbStores stores, String name, Duration lease) throws Exception {
    GuardedExecutor executor = executor(stores, name).lockLease(lease).lockWait(Duration.ofSeconds(10)).build();
    CountDownLatch never = new CountDownLatch(1);
    executor.execute(operation(name + "-hold-1"), GuardedAction.of(SCOPE, () -> deletePlan("aws_instance.held"), approved -> {
      ApprovedExecution e = ApprovedExecution.current().orElseThrow();
      System.out.println("HOLDING " + e.fencingToken() + " racer-" + name + "/" + e.operation().id());
      System.out.flush();
      never.await();
      return "unreachable";
    }));
  }

  private static void next(DynamoDbStores stores, String name) {
    GuardedExecutor executor = executor(stores, name).lockLease(Duration.ofSeconds(20)).lockWait(Duration.ofSeconds(30)).build();
    Outcome<String> outcome = executor.execute(operation(name + "-next-1"), GuardedAction.of(SCOPE, () -> deletePlan("aws_instance.next"),
        approved -> "GOT " + ApprovedExecution.current().orElseThrow().fencingToken() + " " + nanos()));
    System.out.println(outcome.result().orElse("REFUSED " + outcome.status() + " " + outcome.reasons()));
    System.out.flush();
  }

  static long nanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static void append(Path log, String line) throws IOException {
    Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
