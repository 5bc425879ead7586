package dev.safeops.aws.testing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The AWS query protocol (RDS, STS, ELBv2): an {@code Action=} form body; answers wrapped as
 * {@code <OpResponse><OpResult>...</OpResult><ResponseMetadata><RequestId>}; errors as
 * {@code <ErrorResponse><Error><Type><Code><Message></Error><RequestId>}.
 */
abstract class QueryHandler implements ServiceHandler {

  /** The response namespace of the service, e.g. {@code http://rds.amazonaws.com/doc/2014-10-31/}. */
  abstract String namespace();

  @Override
  public void identify(Call call) {
    Map<String, String> form = call.request.form();
    String action = form.get("Action");
    call.operation = action == null ? "(no Action)" : action;
    form.forEach((k, v) -> {
      if (!k.equals("Action") && !k.equals("Version")) {
        call.params.put(k, v);
      }
    });
  }

  /** Writes a successful answer; {@code result} fills the OpResult element (null: none). */
  WireResponse ok(Call call, Consumer<Xml> result) {
    Xml xml = new Xml(call.operation + "Response", namespace());
    if (result != null) {
      xml.start(call.operation + "Result");
      result.accept(xml);
      xml.end();
    }
    xml.start("ResponseMetadata").el("RequestId", call.requestId).end();
    return WireResponse.of(200, "text/xml", xml.finish());
  }

  @Override
  public WireResponse error(Call call, AwsError error) {
    String body = new Xml("ErrorResponse", namespace()).start("Error")
        .el("Type", error.status() >= 500 ? "Receiver" : "Sender")
        .el("Code", error.code()).el("Message", error.getMessage()).end()
        .el("RequestId", call.requestId).finish();
    return WireResponse.of(error.status(), "text/xml", body);
  }

  AwsError invalidAction(Call call) {
    return new AwsError(400, "InvalidAction", "The action " + call.operation
        + " is not valid for this web service (the fake AWS endpoint's " + signingName()
        + " does not support it).");
  }

  /**
   * The members of a serialized list, e.g. prefix {@code Tags.Tag} turns
   * {@code Tags.Tag.1.Key=a&Tags.Tag.1.Value=b} into [{Key=a, Value=b}] and prefix
   * {@code InstanceId} turns {@code InstanceId.1=i-1} into [{""=i-1}].
   */
  static List<Map<String, String>> members(Map<String, String> params, String prefix) {
    TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
    String dotted = prefix + ".";
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!e.getKey().startsWith(dotted)) {
        continue;
      }
      String rest = e.getKey().substring(dotted.length());
      int dot = rest.indexOf('.');
      String index = dot < 0 ? rest : rest.substring(0, dot);
      if (!index.chars().allMatch(Character::isDigit) || index.isEmpty()) {
        continue;
      }
      String field = dot < 0 ? "" : rest.substring(dot + 1);
      byIndex.computeIfAbsent(Integer.parseInt(index), i -> new TreeMap<>()).put(field, e.getValue());
    }
    return new ArrayList<>(byIndex.values());
  }

  static List<String> values(Map<String, String> params, String prefix) {
    List<String> out = new ArrayList<>();
    for (Map<String, String> m : members(params, prefix)) {
      if (m.containsKey("")) {
        out.add(m.get(""));
      }
    }
    return out;
  }
}
