package dev.safeops.examples.guide;

import dev.safeops.core.Approval;
import dev.safeops.core.ApprovalCallback;
import dev.safeops.core.ApprovalRequest;
import dev.safeops.core.Finding;
import dev.safeops.core.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A Slack-like approval callback, in process: each request is posted to a channel as a
 * message saying what would change and why it matters; people in the channel answer with
 * {@link #approve}. The answer completes when enough people approved; the executor's
 * deadline refuses it otherwise. Replace {@link #post} and {@link #approve} by your chat's
 * API (post a message with buttons; the button handler calls {@code approve}).
 *
 * <p>Whoever answers, the executor checks every approval with the two-person rule: an
 * approval from the requester, from an agent, or twice from one person does not count.
 * Thread-safe.
 */
public final class ChatApprovals implements ApprovalCallback {

  /** One message in the channel: its id (what people answer to) and its text. */
  public record Message(String id, String text) {}

  private final Clock clock;
  private final List<Consumer<Message>> members = new CopyOnWriteArrayList<>();
  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(ApprovalRequest request, List<Approval> approvals, CompletableFuture<List<Approval>> answer) {}

  public ChatApprovals(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Someone who reads the channel (in a real chat: a person with a phone). */
  public ChatApprovals join(Consumer<Message> member) {
    members.add(Objects.requireNonNull(member, "member"));
    return this;
  }

  @Override
  public CompletionStage<List<Approval>> requestApprovals(ApprovalRequest request) {
    Message m = new Message(UUID.randomUUID().toString().substring(0, 8), text(request));
    Pending p = new Pending(request, new ArrayList<>(), new CompletableFuture<>());
    pending.put(m.id(), p);
    post(m);
    return p.answer();
  }

  /** {@code who} approves the request posted as {@code messageId}. */
  public void approve(String messageId, Principal who) {
    Pending p = pending.get(messageId);
    if (p == null) {
      return;
    }
    synchronized (p) {
      p.approvals().add(Approval.of(UUID.randomUUID().toString(), who, p.request().planDigest(),
          clock.instant(), clock.instant().plus(Duration.ofMinutes(15))));
      if (p.approvals().size() >= p.request().approvalsRequired()) {
        pending.remove(messageId);
        p.answer().complete(List.copyOf(p.approvals()));
      }
    }
  }

  /** Every message posted so far. */
  public List<Message> messages() {
    return List.copyOf(messages);
  }

  private void post(Message m) {
    messages.add(m);
    members.forEach(member -> member.accept(m));
  }

  private static String text(ApprovalRequest r) {
    StringBuilder b = new StringBuilder()
        .append(r.operation().requester()).append(" asks to run ").append(r.operation().name())
        .append(" in ").append(r.operation().environment().name())
        .append(" (\"").append(r.operation().reason()).append("\"): blast radius ").append(r.blastRadius().level())
        .append(", ").append(r.approvalsRequired()).append(" approval(s) needed, plan ")
        .append(r.planDigest(), 0, 12);
    for (Finding f : r.blastRadius().findings()) {
      b.append("\n  - ").append(f.ruleId()).append(": ").append(f.message());
    }
    return b.toString();
  }
}
