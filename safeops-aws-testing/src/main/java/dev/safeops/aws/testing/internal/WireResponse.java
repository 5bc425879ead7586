package dev.safeops.aws.testing.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the fake answers: status, headers and body bytes. */
public record WireResponse(int status, Map<String, String> headers, byte[] body) {

  static WireResponse of(int status, String contentType, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    return new WireResponse(status, headers, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  WireResponse with(String header, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(header, value);
    return new WireResponse(status, copy, body);
  }
}
