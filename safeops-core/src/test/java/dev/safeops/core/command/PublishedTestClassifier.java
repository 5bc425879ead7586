package dev.safeops.core.command;

import java.util.Optional;

/** Published through META-INF/services in the test class path, for {@link CommandJudge#discover()}. */
public final class PublishedTestClassifier implements CommandClassifier {
  @Override
  public Optional<Classification> classify(SimpleCommand command, CommandContext context) {
    return command.name().equals("published-tool") ? Optional.of(Classification.destructive("published says so"))
        : Optional.empty();
  }
}
