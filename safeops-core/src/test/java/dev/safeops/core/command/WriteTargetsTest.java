package dev.safeops.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.command.WriteTargets.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteTargetsTest {

  private static List<Target> of(String line) {
    return WriteTargets.of(CommandLine.parse(line).commands().get(0));
  }

  private static List<String> paths(String line) {
    return of(line).stream().map(Target::path).toList();
  }

  @Test
  void copiesWriteTheirTargetWhereverItIsNamed() {
    assertThat(paths("cp a b c dir/")).containsExactly("dir/");
    assertThat(paths("cp -t dir a b")).containsExactly("dir");
    assertThat(paths("cp --target-directory=dir a")).containsExactly("dir");
    assertThat(paths("install -m 600 -o root a /etc/x")).containsExactly("/etc/x");
    assertThat(paths("rsync -a --exclude .git src/ host:/srv/")).containsExactly("host:/srv/");
  }

  @Test
  void removesAndMovesAreMarkedAsRemovingTheirOperands() {
    assertThat(of("rm -rf a b")).containsExactly(new Target("a", true), new Target("b", true));
    assertThat(of("mv a b")).containsExactly(new Target("a", true), new Target("b", false));
    assertThat(of("git mv a b")).containsExactly(new Target("a", true), new Target("b", false));
    assertThat(of("find /srv -name '*.log' -delete")).containsExactly(new Target("/srv", true));
    assertThat(of("git clean -fdx")).containsExactly(new Target(".", true));
  }

  @Test
  void outputOptionsOfAnyProgramAreWrites() {
    assertThat(paths("openssl enc -d -in a -out b")).containsExactly("b");
    assertThat(paths("gpg --output=b --decrypt a")).containsExactly("b");
    assertThat(paths("terraform plan -out=tfplan")).containsExactly("tfplan");
    assertThat(paths("curl -fsSLo b https://x")).containsExactly("b");
    assertThat(paths("wget -qO b https://x")).contains("b");
    assertThat(paths("aws ec2 describe-instances --output json")).isEmpty();
    assertThat(paths("ssh -o StrictHostKeyChecking=no host")).isEmpty();
  }

  @Test
  void redirectionsEditsAndDownloadsAreWrites() {
    assertThat(paths("jq . a > b 2>&1")).containsExactly("b");
    assertThat(paths("sed -i.bak -e s/a/b/ f g")).containsExactly("f", "g");
    assertThat(paths("sed -i s/a/b/ f")).containsExactly("f");
    assertThat(paths("sed s/a/b/ f")).isEmpty();
    assertThat(paths("truncate -s 0 f")).containsExactly("f");
    assertThat(paths("dd if=a of=b")).containsExactly("b");
    assertThat(paths("aws s3 cp s3://b/k ./local.json")).containsExactly("./local.json");
    assertThat(paths("aws s3 cp s3://b/k -")).isEmpty();
    assertThat(paths("aws s3api get-object --bucket b --key k out.json")).containsExactly("out.json");
    assertThat(paths("tar -xzf a.tgz -C dir")).containsExactly("dir");
    assertThat(paths("tar -czf out.tgz dir")).containsExactly("out.tgz");
    assertThat(paths("cat a")).isEmpty();
  }
}
