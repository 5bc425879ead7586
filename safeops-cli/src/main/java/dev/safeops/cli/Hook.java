package dev.safeops.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.safeops.aws.command.AwsCliClassifier;
import dev.safeops.core.command.Assessment;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.CommandJudge;
import dev.safeops.terraform.command.TerraformCommandClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hook claude-code}: answers one Claude Code {@code PreToolUse} event read from stdin.
 *
 * <p>For {@code Bash} it judges {@code tool_input.command} with the Terraform and AWS CLI
 * classifiers and answers {@code allow} only when every simple command is known read-only
 * and at least one is ours; {@code deny} when one of ours is destructive; {@code ask} when
 * one of ours otherwise mutates (or cannot be read). A line with nothing of ours gets no
 * output and exit 0, so the user's own permission rules and other guards decide. For
 * {@code Write}, {@code Edit}, {@code MultiEdit} and {@code NotebookEdit}, a path that is
 * Terraform state or under {@code .terraform/} is denied. Input that cannot be read is
 * denied (fail closed). No network, no AWS SDK class, no reflection-heavy start-up: only the
 * streaming half of Jackson.
 */
final class Hook {
  private static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
  private static final JsonFactory JSON = new JsonFactory();

  private Hook() {}

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Main.UsageException {
    if (args.length != 1 || !args[0].equals("claude-code")) {
      throw new Main.UsageException("the only supported agent is claude-code");
    }
    String answer;
    try {
      answer = answer(readEvent(in));
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // Claude Code treats a crashed hook as a non-blocking error, i.e. it would let the call through.
      answer = decision("deny", "safeops could not read the PreToolUse event (" + describe(e) + "), so it refuses "
          + "the tool call: a guard that cannot read its input fails closed.");
    }
    if (answer != null) {
      out.println(answer);
      out.flush();
    }
    return 0;
  }

  /** The event fields the hook needs. */
  private static final class Event {
    String eventName;
    String toolName;
    String command;
    boolean commandPresent;
    String cwd;
    final List<String> paths = new ArrayList<>();
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }

  private static Event readEvent(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_EVENT_BYTES + 1);
    if (bytes.length > MAX_EVENT_BYTES) {
      throw new IOException("the event is larger than " + MAX_EVENT_BYTES + " bytes");
    }
    Event e = new Event();
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the event is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "hook_event_name" -> e.eventName = text(p, t, field);
          case "tool_name" -> e.toolName = text(p, t, field);
          case "cwd" -> e.cwd = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "tool_input" -> readToolInput(p, t, e);
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("the event has trailing content");
      }
    }
    return e;
  }

  private static String text(JsonParser p, JsonToken t, String field) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw new IOException(field + " is not a string");
    }
    return p.getText();
  }

  private static void readToolInput(JsonParser p, JsonToken t, Event e) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      throw new IOException("tool_input is not an object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "command" -> {
          e.commandPresent = true;
          e.command = v == JsonToken.VALUE_STRING ? p.getText() : null;
          p.skipChildren();
        }
        case "file_path", "notebook_path", "path" -> {
          if (v == JsonToken.VALUE_STRING) {
            e.paths.add(p.getText());
          }
          p.skipChildren();
        }
        case "edits" -> readEdits(p, v, e);
        default -> p.skipChildren();
      }
    }
  }

  private static void readEdits(JsonParser p, JsonToken v, Event e) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken t = p.nextToken();
        if ((f.equals("file_path") || f.equals("path")) && t == JsonToken.VALUE_STRING) {
          e.paths.add(p.getText());
        }
        p.skipChildren();
      }
    }
  }

  /** The JSON answer for one event, or null for no opinion. */
  static String answer(Event e) {
    if (e.eventName != null && !e.eventName.equals("PreToolUse")) {
      return null;
    }
    if (e.toolName == null) {
      return decision("deny", "safeops could not read the PreToolUse event (no tool_name), so it refuses the tool "
          + "call: a guard that cannot read its input fails closed.");
    }
    switch (e.toolName) {
      case "Bash" -> {
        if (e.command == null) {
          return decision("deny", "safeops could not read the Bash command (tool_input.command is "
              + (e.commandPresent ? "not a string" : "missing") + "), so it refuses the tool call.");
        }
        return bash(e.command, context(e.cwd));
      }
      case "Write", "Edit", "MultiEdit", "NotebookEdit" -> {
        for (String path : e.paths) {
          if (TerraformCommandClassifier.isStatePath(path.replace('\\', '/'))) {
            return decision("deny", "safeops refused " + e.toolName + " of " + path + ": it is Terraform state or "
                + "its working directory, which only an approved apply may change. Change the configuration "
                + "(.tf files) instead, run `terraform plan -out=tfplan`, and submit the plan for approval.");
          }
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private static CommandContext context(String cwd) {
    if (cwd == null || cwd.isBlank()) {
      return CommandContext.none();
    }
    try {
      return CommandContext.in(Path.of(cwd));
    } catch (InvalidPathException ex) {
      return CommandContext.none();
    }
  }

  private static String bash(String command, CommandContext context) {
    Assessment a = judge().assess(command, context);
    return switch (a.answer()) {
      case ALLOW -> decision("allow", a.explanation());
      case ASK -> decision("ask", a.explanation());
      case DENY -> decision("deny", a.explanation());
      case NO_OPINION -> null;
    };
  }

  /** The judge the hook uses; built per call, which costs two small objects. */
  static CommandJudge judge() {
    return CommandJudge.of(new TerraformCommandClassifier(), new AwsCliClassifier());
  }

  static String decision(String decision, String reason) {
    StringWriter w = new StringWriter();
    // A StringWriter cannot fail; should the generator still throw, refusing is the safe answer.
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeObjectFieldStart("hookSpecificOutput");
      g.writeStringField("hookEventName", "PreToolUse");
      g.writeStringField("permissionDecision", decision);
      g.writeStringField("permissionDecisionReason", reason);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      return "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\","
          + "\"permissionDecisionReason\":\"safeops could not write its answer, so it refuses the tool call.\"}}";
    }
    return w.toString();
  }
}
