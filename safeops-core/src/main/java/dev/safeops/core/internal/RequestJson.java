package dev.safeops.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.BlastRadius;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Principal;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.RequestRecord.Answer;
import dev.safeops.core.RequestStatus;
import dev.safeops.core.Rerun;
import dev.safeops.core.Tier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON form of a {@link RequestRecord}, shared by every request store. Read strictly: a
 * duplicate key, a missing field, a wrong type or another major format is an error, never a
 * partly read request. Fields added by a later minor version are ignored.
 */
public final class RequestJson {
  public static final String FORMAT = "safeops.request/1";
  private static final String FORMAT_PREFIX = "safeops.request/";
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  /** Newest first, then by id, so every store lists in the same order. */
  public static final Comparator<RequestRecord> NEWEST_FIRST =
      Comparator.comparing(RequestRecord::createdAt).reversed().thenComparing(RequestRecord::id);

  private RequestJson() {}

  /** Thrown for a record that is not in this format; the message says what is wrong. */
  public static final class UnreadableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static void requireSameId(RequestRecord current, RequestRecord next) {
    if (!current.id().equals(next.id())) {
      throw new IllegalArgumentException("cannot replace request " + current.id() + " with request " + next.id());
    }
  }

  public static byte[] write(RequestRecord r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("format", FORMAT);
    n.put("id", r.id());
    n.put("version", r.version());
    ObjectNode op = n.putObject("operation");
    op.put("id", r.operation().id());
    op.put("name", r.operation().name());
    op.put("requester", r.operation().requester().toString());
    ObjectNode env = op.putObject("environment");
    Environment e = r.operation().environment();
    env.put("name", e.name());
    env.put("tier", e.tier().name());
    e.accountId().ifPresent(a -> env.put("accountId", a));
    e.region().ifPresent(a -> env.put("region", a));
    op.put("reason", r.operation().reason());
    n.put("scope", r.scope());
    n.put("digest", r.planDigest());
    n.put("source", r.planSource());
    ObjectNode bindings = n.putObject("bindings");
    r.bindings().forEach(bindings::put);
    ObjectNode br = n.putObject("blastRadius");
    br.put("level", r.blastRadius().level().name());
    ObjectNode counts = br.putObject("counts");
    r.blastRadius().counts().forEach((a, c) -> counts.put(a.name(), c));
    ArrayNode findings = br.putArray("findings");
    for (Finding f : r.blastRadius().findings()) {
      findings.addObject().put("rule", f.ruleId()).put("level", f.level().name()).put("address", f.address()).put("message", f.message());
    }
    br.put("omitted", r.findingsOmitted());
    ArrayNode reasons = n.putArray("decision");
    r.decisionReasons().forEach(reasons::add);
    n.put("approvalsRequired", r.approvalsRequired());
    ObjectNode rerun = n.putObject("rerun");
    if (r.rerun() instanceof Rerun.TerraformPlan t) {
      rerun.put("kind", "terraform-plan");
      rerun.put("workingDirectory", t.workingDirectory().toString());
      rerun.put("planFile", t.planFile().toString());
      rerun.put("planSha256", t.planSha256());
      ArrayNode planArguments = rerun.putArray("planArguments");
      t.planArguments().forEach(planArguments::add);
    } else if (r.rerun() instanceof Rerun.Command c) {
      rerun.put("kind", "command");
      ArrayNode argv = rerun.putArray("argv");
      c.argv().forEach(argv::add);
    } else {
      rerun.put("kind", "nothing");
    }
    n.put("createdAt", r.createdAt().toString());
    n.put("expiresAt", r.expiresAt().toString());
    n.put("updatedAt", r.updatedAt().toString());
    ArrayNode answers = n.putArray("answers");
    for (Answer a : r.answers()) {
      answers.addObject()
          .put("answer", a.kind().name())
          .put("approver", a.approver().toString())
          .put("key", a.keyFingerprint())
          .put("signature", a.signature())
          .put("at", a.at().toString())
          .put("reason", a.reason());
    }
    n.put("status", r.status().name());
    n.put("statusReason", r.statusReason());
    r.claimedBy().ifPresent(c -> n.put("claimedBy", c));
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a request could not be written as JSON", ex);
    }
  }

  /**
   * Reads a record.
   *
   * @throws UnreadableException saying what is wrong, when the bytes are not a request in this format
   */
  public static RequestRecord read(byte[] bytes) throws UnreadableException {
    if (bytes.length == 0) {
      throw new UnreadableException("it is empty", null);
    }
    JsonNode n;
    try {
      n = MAPPER.readTree(bytes);
    } catch (JsonProcessingException ex) {
      throw new UnreadableException("it is not valid JSON (" + ex.getOriginalMessage() + ")", ex);
    } catch (java.io.IOException ex) {
      throw new UnreadableException("it is not valid JSON (" + ex.getMessage() + ")", ex);
    }
    if (n == null || !n.isObject()) {
      throw new UnreadableException("it is not a JSON object", null);
    }
    try {
      String format = text(n, "format");
      if (!format.equals(FORMAT)) {
        if (format.startsWith(FORMAT_PREFIX)) {
          throw new UnreadableException("it is in format " + format + ", written by another version of safeops; this one reads " + FORMAT, null);
        }
        throw new UnreadableException("it is not a safeops request (format '" + format + "')", null);
      }
      JsonNode op = object(n, "operation");
      JsonNode env = object(op, "environment");
      Tier tier = Tier.valueOf(text(env, "tier"));
      Environment environment = env.has("accountId")
          ? Environment.aws(text(env, "name"), tier, text(env, "accountId"), text(env, "region"))
          : Environment.of(text(env, "name"), tier);
      Operation operation = Operation.builder().id(text(op, "id")).name(text(op, "name"))
          .requester(Principal.parse(text(op, "requester"))).environment(environment).reason(text(op, "reason")).build();
      Map<String, String> bindings = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "bindings").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> b = it.next();
        bindings.put(b.getKey(), textValue(b.getValue(), "bindings." + b.getKey()));
      }
      JsonNode br = object(n, "blastRadius");
      EnumMap<ChangeAction, Integer> counts = new EnumMap<>(ChangeAction.class);
      for (Iterator<Map.Entry<String, JsonNode>> it = object(br, "counts").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> c = it.next();
        counts.put(ChangeAction.valueOf(c.getKey()), integer(c.getValue(), "blastRadius.counts." + c.getKey()));
      }
      List<Finding> findings = new ArrayList<>();
      for (JsonNode f : array(br, "findings")) {
        findings.add(new Finding(text(f, "rule"), Level.valueOf(text(f, "level")), text(f, "address"), text(f, "message")));
      }
      List<String> reasons = new ArrayList<>();
      for (JsonNode x : array(n, "decision")) {
        reasons.add(textValue(x, "decision"));
      }
      List<Answer> answers = new ArrayList<>();
      for (JsonNode a : array(n, "answers")) {
        answers.add(new Answer(Answer.Kind.valueOf(text(a, "answer")), Principal.parse(text(a, "approver")), text(a, "key"),
            text(a, "signature"), Instant.parse(text(a, "at")), text(a, "reason")));
      }
      RequestRecord.Builder b = RequestRecord.builder()
          .id(text(n, "id"))
          .version(longValue(n, "version"))
          .operation(operation)
          .scope(text(n, "scope"))
          .planDigest(text(n, "digest"))
          .planSource(text(n, "source"))
          .bindings(bindings)
          .blastRadius(new BlastRadius(Level.valueOf(text(br, "level")), findings, counts))
          .findingsOmitted(integer(br.get("omitted"), "blastRadius.omitted"))
          .decisionReasons(reasons)
          .approvalsRequired(integer(n.get("approvalsRequired"), "approvalsRequired"))
          .rerun(rerun(object(n, "rerun")))
          .createdAt(Instant.parse(text(n, "createdAt")))
          .expiresAt(Instant.parse(text(n, "expiresAt")))
          .updatedAt(Instant.parse(text(n, "updatedAt")))
          .answers(answers)
          .status(RequestStatus.valueOf(text(n, "status")))
          .statusReason(text(n, "statusReason"));
      if (n.has("claimedBy")) {
        b.claimedBy(text(n, "claimedBy"));
      }
      return b.build();
    } catch (UnreadableException ex) {
      throw ex;
    } catch (RuntimeException ex) {
      throw new UnreadableException("it is not a well-formed safeops request (" + ex.getMessage() + ")", ex);
    }
  }

  private static Rerun rerun(JsonNode r) throws UnreadableException {
    String kind = text(r, "kind");
    switch (kind) {
      case "nothing":
        return Rerun.nothing();
      case "terraform-plan":
        // planArguments came with a later minor version: a request written before it has none.
        List<String> planArguments = new ArrayList<>();
        if (r.has("planArguments")) {
          for (JsonNode a : array(r, "planArguments")) {
            planArguments.add(textValue(a, "rerun.planArguments"));
          }
        }
        return Rerun.terraformPlan(Path.of(text(r, "workingDirectory")), Path.of(text(r, "planFile")), text(r, "planSha256"),
            planArguments);
      case "command":
        List<String> argv = new ArrayList<>();
        for (JsonNode a : array(r, "argv")) {
          argv.add(textValue(a, "rerun.argv"));
        }
        return Rerun.command(argv);
      default:
        throw new UnreadableException("its rerun kind '" + kind + "' is unknown", null);
    }
  }

  private static String text(JsonNode n, String field) throws UnreadableException {
    return textValue(n.get(field), field);
  }

  private static String textValue(JsonNode v, String field) throws UnreadableException {
    if (v == null || !v.isTextual()) {
      throw new UnreadableException("field '" + field + "' is missing or not a string", null);
    }
    return v.textValue();
  }

  private static JsonNode object(JsonNode n, String field) throws UnreadableException {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      throw new UnreadableException("field '" + field + "' is missing or not an object", null);
    }
    return v;
  }

  private static JsonNode array(JsonNode n, String field) throws UnreadableException {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw new UnreadableException("field '" + field + "' is missing or not an array", null);
    }
    return v;
  }

  private static int integer(JsonNode v, String field) throws UnreadableException {
    if (v == null || !v.isInt()) {
      throw new UnreadableException("field '" + field + "' is missing or not an integer", null);
    }
    return v.intValue();
  }

  private static long longValue(JsonNode n, String field) throws UnreadableException {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new UnreadableException("field '" + field + "' is missing or not an integer", null);
    }
    return v.longValue();
  }
}
