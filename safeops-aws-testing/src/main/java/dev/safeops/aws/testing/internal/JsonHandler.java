package dev.safeops.aws.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * The AWS JSON protocol (DynamoDB 1.0, ECS 1.1): the operation is the suffix of
 * {@code X-Amz-Target}, the input a JSON object; errors carry {@code __type} and
 * {@code message}.
 */
abstract class JsonHandler implements ServiceHandler {
  static final ObjectMapper JSON = new ObjectMapper();

  abstract String targetPrefix();

  abstract String contentType();

  /** The prefix AWS puts before the error code in {@code __type} (may be empty). */
  abstract String errorTypePrefix();

  abstract WireResponse handle(Call call, JsonNode input);

  @Override
  public void identify(Call call) {
    String target = call.request.header("X-Amz-Target");
    if (target == null) {
      call.operation = "(no X-Amz-Target)";
      return;
    }
    int dot = target.lastIndexOf('.');
    call.operation = dot < 0 ? target : target.substring(dot + 1);
    JsonNode input = input(call);
    for (Map.Entry<String, JsonNode> f : input.properties()) {
      call.params.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
    }
  }

  @Override
  public WireResponse handle(Call call) {
    String target = call.request.header("X-Amz-Target");
    if (target == null || !target.startsWith(targetPrefix() + ".")) {
      throw unknown(call);
    }
    return handle(call, input(call));
  }

  AwsError unknown(Call call) {
    return new AwsError(400, "UnknownOperationException", "The fake AWS endpoint's " + signingName()
        + " does not support operation " + call.operation + ".");
  }

  @Override
  public AwsError accessDenied(Call call) {
    return new AwsError(400, "AccessDeniedException", "User: arn:aws:iam::" + call.world.accountId
        + ":user/fake is not authorized to perform: " + signingName() + ":" + call.operation);
  }

  private static JsonNode input(Call call) {
    if (call.request.body().length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(call.request.body());
      return node != null && node.isObject() ? node : JSON.createObjectNode();
    } catch (IOException e) {
      throw new AwsError(400, "SerializationException", "The request body is not valid JSON.");
    }
  }

  WireResponse ok(JsonNode output) {
    return WireResponse.of(200, contentType(), output.toString());
  }

  @Override
  public WireResponse error(Call call, AwsError error) {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", errorTypePrefix() + error.code());
    body.put("message", error.getMessage());
    return WireResponse.of(error.status(), contentType(), body.toString())
        .with("x-amzn-ErrorType", error.code());
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** JSON-protocol timestamps are epoch seconds. */
  static double epoch(Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }

  static String text(JsonNode input, String field) {
    JsonNode node = input.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  static String required(JsonNode input, String field) {
    String value = text(input, field);
    if (value == null || value.isEmpty()) {
      throw new AwsError(400, "ValidationException", "1 validation error detected: Value null at '"
          + Character.toLowerCase(field.charAt(0)) + field.substring(1) + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }
}
