package dev.safeops.terraform.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Effect;
import dev.safeops.core.command.Classification;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.CommandLine;
import dev.safeops.core.command.SimpleCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerraformCommandClassifierTest {
  private final TerraformCommandClassifier classifier = new TerraformCommandClassifier();

  private Optional<Classification> classify(String line, CommandContext context) {
    SimpleCommand c = CommandLine.parse(line).commands().get(0);
    return classifier.classify(c, context);
  }

  private Effect classOf(String line) {
    return classify(line, CommandContext.none()).orElseThrow(() -> new AssertionError("no opinion on " + line))
        .effect();
  }

  @Test
  void destroyInEveryFormIsDestructive() {
    for (String line : new String[] {"terraform destroy", "tofu destroy -auto-approve", "terraform -chdir=prod destroy",
        "terraform -chdir prod destroy", "terraform apply -destroy", "terraform apply -replace=aws_instance.a",
        "terragrunt run-all destroy", "terraform state rm a.b",
        "terraform state push x.tfstate", "terraform workspace delete prod", "terraform taint a.b",
        "terraform force-unlock 1234", "terraform init -force-copy"}) {
      assertThat(classOf(line)).as(line).isEqualTo(Effect.DESTRUCTIVE);
    }
  }

  @Test
  void readsAreReadOnly() {
    for (String line : new String[] {"terraform plan -destroy", "terraform -chdir=x plan", "terraform show -json",
        "terraform validate", "terraform fmt -check", "terraform output", "terraform state list",
        "terraform state show a.b", "terraform state pull", "terraform state mv -dry-run a b", "terraform providers",
        "terraform version", "terraform -version", "terraform workspace list", "terraform"}) {
      assertThat(classOf(line)).as(line).isEqualTo(Effect.READ_ONLY);
    }
  }

  @Test
  void everythingElseTerraformDoesMutates() {
    for (String line : new String[] {"terraform init", "terraform import a.b id", "terraform untaint a.b",
        "terraform fmt", "terraform refresh", "terraform workspace select prod", "terraform providers lock",
        "terraform frobnicate", "terraform $X"}) {
      assertThat(classOf(line)).as(line).isEqualTo(Effect.MUTATING);
    }
  }

  @Test
  void everyApplyIsDestructiveBecauseNoneShowsPeopleWhatChangesFirst() {
    for (String line : new String[] {"terraform apply", "terraform apply -auto-approve", "tofu apply -input=false",
        "terraform apply plan.tfplan", "terraform -chdir=prod apply tfplan", "terragrunt run-all apply"}) {
      assertThat(classOf(line)).as(line).isEqualTo(Effect.DESTRUCTIVE);
    }
    assertThat(classify("terraform apply -auto-approve", CommandContext.none()).orElseThrow().reason())
        .contains("without showing anyone the plan", "plan -out=tfplan", "approval");
  }

  @Test
  void aSavedPlansFileNameDecidesNothing() {
    String named = classify("terraform apply destroy.tfplan", CommandContext.none()).orElseThrow().reason();
    String other = classify("terraform apply x.tfplan", CommandContext.none()).orElseThrow().reason();
    assertThat(named.replace("destroy.tfplan", "F")).isEqualTo(other.replace("x.tfplan", "F"));
    assertThat(other).contains("cannot see what the file changes");
  }

  @Test
  void writesOverStateThatLookLikeReadsAreDestructive(@TempDir Path dir) throws IOException {
    for (String line : new String[] {"terraform plan -out=terraform.tfstate", "tofu plan -out prod.tfstate",
        "terraform plan -state-out=x.tfstate", "terraform apply -backup=old.tfstate.backup",
        "openssl enc -d -in s.enc -out terraform.tfstate", "gpg -o prod.tfstate -d prod.gpg",
        "sponge terraform.tfstate", "gsutil -m cp gs://b/default.tfstate terraform.tfstate",
        "gcloud storage cp gs://b/default.tfstate ./terraform.tfstate", "rclone copyto r:x terraform.tfstate",
        "docker cp tools:/w/terraform.tfstate terraform.tfstate", "curl -sSLo terraform.tfstate https://x",
        "cp -t . old/terraform.tfstate", "cp --target-directory=infra old/prod.tfstate", "cp old/terraform.tf* .",
        "cp a.json b.json terraform.tfstate.d/", "aws s3api get-object --bucket b --key k terraform.tfstate"}) {
      assertThat(classOf(line)).as(line).isEqualTo(Effect.DESTRUCTIVE);
    }
    assertThat(classOf("terraform plan -out=tfplan")).isEqualTo(Effect.READ_ONLY);
    assertThat(classify("gsutil cp gs://b/notes.txt notes.txt", CommandContext.none())).isEmpty();
    Files.createDirectories(dir.resolve("prod"));
    Files.writeString(dir.resolve("prod/terraform.tfstate"), "{}");
    Files.createDirectories(dir.resolve("site"));
    CommandContext ctx = CommandContext.in(dir);
    assertThat(classify("cp -a snapshot/. prod", ctx).orElseThrow().effect()).isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classify("cp -r build/. site", ctx)).isEmpty();
  }

  @Test
  void destructiveWordsAndStatePathsAreSeenInCodeSafeopsCannotRead() {
    for (String code : new String[] {"import os; os.system('terraform destroy -auto-approve')",
        "subprocess.run([\"tofu\", \"-chdir=prod\", \"apply\", \"-auto-approve\"])",
        "open('infra/terraform.tfstate', 'w').write(old)", "exec('/opt/Terraform state rm module.db')",
        "terrafor[m] destroy"}) {
      assertThat(classifier.classifyOpaque(code)).as(code).hasValueSatisfying(
          c -> assertThat(c.effect()).isEqualTo(Effect.DESTRUCTIVE));
    }
    for (String code : new String[] {"os.system('terraform plan')", "print('hello')", "import terraform_helpers"}) {
      assertThat(classifier.classifyOpaque(code)).as(code).isEmpty();
    }
    assertThat(classifier.commandNames()).contains("terraform", "tofu", "terragrunt");
  }

  @Test
  void reasonsNameTheSafePath() {
    assertThat(classify("terraform -chdir=prod destroy", CommandContext.none()).orElseThrow().reason())
        .contains("terraform -chdir=prod plan -destroy -out=destroy.tfplan", "approval");
    assertThat(classify("terraform state rm a.b", CommandContext.none()).orElseThrow().reason())
        .contains("removed block", "-dry-run");
  }

  @Test
  void writingOverStateIsDestructiveWhateverTheTool() {
    for (String line : new String[] {"cp old.json terraform.tfstate", "mv x prod.tfstate", "rm -rf .terraform",
        "rm terraform.tfstate.backup", "tar -xzf old-terraform-state.tgz", "unzip tfstate.zip", "gunzip terraform.tfstate.gz",
        "rsync -a b/ .terraform/", "dd if=a of=terraform.tfstate", "tee x.tfstate", "truncate -s0 a.tfstate",
        "cat a > terraform.tfstate", "jq . a >> b.tfstate", "sed -i s/a/b/ terraform.tfstate", "rm *.tfstate",
        "curl -o terraform.tfstate https://x", "git checkout -- terraform.tfstate", "find . -name '*.tfstate' -delete",
        "cp backup/terraform.tfstate .", "aws s3 cp s3://b/terraform.tfstate ."}) {
      assertThat(classOf(line)).as(line).isEqualTo(Effect.DESTRUCTIVE);
    }
  }

  @Test
  void readingOrBackingUpStateIsNotDestructive() {
    assertThat(classify("cat terraform.tfstate", CommandContext.none())).isEmpty();
    assertThat(classify("tar -czf backup.tgz terraform.tfstate", CommandContext.none())).isEmpty();
    assertThat(classOf("cp terraform.tfstate terraform.tfstate.bak")).isEqualTo(Effect.MUTATING);
    assertThat(classify("rm -f *", CommandContext.none())).isEmpty();
    assertThat(classify("echo hi > .terraform.lock.hcl", CommandContext.none())).isEmpty();
  }

  @Test
  void unpackingOrGlobbingInADirectoryThatHoldsStateIsDestructive(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("prod/.terraform"));
    Files.createDirectories(dir.resolve("scratch"));
    CommandContext ctx = CommandContext.in(dir);
    assertThat(classify("tar -xf backup.tar -C prod", ctx).orElseThrow().effect())
        .isEqualTo(Effect.DESTRUCTIVE);
    assertThat(classify("tar -xf site.tar -C scratch", ctx)).isEmpty();
    assertThat(classify("tar -xf backup.tar -C scratch", ctx).orElseThrow().effect())
        .isEqualTo(Effect.MUTATING);
    assertThat(classify("tar -xf backup.tar -C $OUT", ctx).orElseThrow().effect())
        .isEqualTo(Effect.DESTRUCTIVE);
    Files.writeString(dir.resolve("scratch/terraform.tfstate"), "{}");
    SimpleCommand rm = CommandLine.parse("cd scratch && rm -f *").commands().get(1);
    assertThat(classifier.classify(rm, ctx).orElseThrow().effect()).isEqualTo(Effect.DESTRUCTIVE);
    SimpleCommand rmTxt = CommandLine.parse("cd scratch && rm -f *.txt").commands().get(1);
    assertThat(classifier.classify(rmTxt, ctx)).isEmpty();
  }

  @Test
  void statePathsAreRecognised() {
    assertThat(TerraformCommandClassifier.isStatePath("/a/b/terraform.tfstate")).isTrue();
    assertThat(TerraformCommandClassifier.isStatePath("x.tfstate.backup")).isTrue();
    assertThat(TerraformCommandClassifier.isStatePath("/repo/.terraform/providers/x")).isTrue();
    assertThat(TerraformCommandClassifier.isStatePath("/repo/terraform.tfstate.d/prod/terraform.tfstate")).isTrue();
    assertThat(TerraformCommandClassifier.isStatePath("/repo/.terraform.lock.hcl")).isFalse();
    assertThat(TerraformCommandClassifier.isStatePath("/repo/main.tf")).isFalse();
  }

  @Test
  void otherCommandsGetNoOpinion() {
    assertThat(classify("ls -la", CommandContext.none())).isEmpty();
    assertThat(classify("rm -rf node_modules", CommandContext.none())).isEmpty();
  }
}
