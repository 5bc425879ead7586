package dev.safeops.aws.testing.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP request as the fake received it, with the SigV4 service it was signed for. */
public record WireRequest(
    String method,
    String rawPath,
    Map<String, String> query,
    Map<String, List<String>> headers,
    byte[] body,
    String service) {

  public String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The form parameters of a query-protocol body, in the order sent. */
  public Map<String, String> form() {
    return parseForm(bodyText());
  }

  static Map<String, String> parseForm(String text) {
    Map<String, String> params = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return params;
    }
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(decode(key), decode(value));
    }
    return Collections.unmodifiableMap(params);
  }

  static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
