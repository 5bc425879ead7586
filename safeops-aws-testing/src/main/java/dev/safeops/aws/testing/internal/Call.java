package dev.safeops.aws.testing.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** One request being answered: what it asks for, and whether answering it changed the world. */
public final class Call {
  final WireRequest request;
  final World world;
  final String requestId;
  String operation = "(unknown)";
  final Map<String, String> params = new LinkedHashMap<>();
  boolean mutated;

  Call(WireRequest request, World world, String requestId) {
    this.request = request;
    this.world = world;
    this.requestId = requestId;
  }

  void mutated() {
    mutated = true;
  }

  String param(String name) {
    return params.get(name);
  }

  String required(String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      throw new AwsError(400, "MissingParameter",
          "The request must contain the parameter " + name + ".");
    }
    return value;
  }

  boolean flag(String name, boolean defaultValue) {
    String value = params.get(name);
    return value == null ? defaultValue : Boolean.parseBoolean(value);
  }
}
