package dev.safeops.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.AuditEvent;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Level;
import dev.safeops.core.Principal;
import dev.safeops.core.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The one JSON form of an {@link AuditEvent}, written and read with Jackson. */
public final class AuditJson {
  /** Strict: a line with a duplicate key (a second {@code "result"}) was not written by safeops, and is refused. */
  public static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private AuditJson() {}

  public static ObjectNode toJson(AuditEvent e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("operationId", e.operationId());
    n.put("sequence", e.sequence());
    n.put("step", e.step().name());
    n.put("time", e.time().toString());
    n.put("operation", e.operationName());
    n.put("principal", e.principal().toString());
    n.put("environment", e.environment());
    n.put("scope", e.scope());
    e.planDigest().ifPresent(d -> n.put("digest", d));
    n.put("verdict", e.verdict());
    e.level().ifPresent(l -> n.put("level", l.name()));
    n.put("detail", e.detail());
    if (!e.approvers().isEmpty()) {
      ArrayNode a = n.putArray("approvers");
      e.approvers().forEach(a::add);
    }
    return n;
  }

  public static String toLine(AuditEvent e) {
    return toJson(e).toString();
  }

  public static AuditEvent fromJson(JsonNode n) {
    try {
      List<String> approvers = new ArrayList<>();
      n.path("approvers").forEach(a -> approvers.add(a.asText()));
      return AuditEvent.builder()
          .operationId(n.get("operationId").asText())
          .sequence(n.get("sequence").asInt())
          .step(Step.valueOf(n.get("step").asText()))
          .time(Instant.parse(n.get("time").asText()))
          .operationName(n.get("operation").asText())
          .principal(Principal.parse(n.get("principal").asText()))
          .environment(n.get("environment").asText())
          .scope(n.path("scope").asText(""))
          .planDigest(n.hasNonNull("digest") ? n.get("digest").asText() : null)
          .verdict(n.get("verdict").asText())
          .level(n.hasNonNull("level") ? Level.valueOf(n.get("level").asText()) : null)
          .detail(n.path("detail").asText(""))
          .approvers(approvers)
          .build();
    } catch (RuntimeException ex) {
      throw new InvalidInputException("An audit record is not in the safeops audit format: " + ex.getMessage(), ex);
    }
  }
}
