package dev.safeops.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The consumer's bridge to humans (Slack, a web page, a terminal). Given a request, it
 * answers asynchronously with the approvals it collected. The executor calls it on a thread
 * of its own (never the caller's, so a callback may block) and waits until the request's
 * deadline; an answer that is late, exceptional or null is a refusal, and an answer that
 * arrives after the deadline never counts. A callback still running at the deadline has its
 * thread interrupted, which it may take as the sign to stop asking. Every approval
 * returned is checked by the two-person rule, so a callback cannot approve anything by itself.
 */
@FunctionalInterface
public interface ApprovalCallback {

  CompletionStage<List<Approval>> requestApprovals(ApprovalRequest request);

  /** A callback that never approves anything: operations that need approval are refused. */
  static ApprovalCallback none() {
    return request -> CompletableFuture.completedFuture(List.of());
  }
}
