package dev.safeops.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

/** An async transport that counts what reaches it and answers nothing. */
final class CountingAsyncHttpClient implements SdkAsyncHttpClient {
  final AtomicInteger requests = new AtomicInteger();

  @Override
  public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
    requests.incrementAndGet();
    return CompletableFuture.failedFuture(new IllegalStateException("test transport: no network"));
  }

  @Override
  public void close() {
    // nothing to release
  }
}
