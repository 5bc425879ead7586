package dev.safeops.aws.testing.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Restores the lower-case response header names AWS sends. The JDK HTTP server capitalises
 * them ({@code X-amz-request-id}), and the S3 client reads its request id from a
 * case-sensitive map keyed {@code x-amz-request-id}.
 */
public final class LowercaseResponseHeaders implements ExecutionInterceptor {

  @Override
  public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    Map<String, List<String>> lower = new LinkedHashMap<>();
    context.httpResponse().headers().forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return context.httpResponse().toBuilder().headers(lower).build();
  }
}
