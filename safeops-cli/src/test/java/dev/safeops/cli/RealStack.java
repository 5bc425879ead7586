package dev.safeops.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real tools for the approval scenario, all offline: {@code moto_server} on a free loopback port
 * holding Terraform state in S3, {@code terraform} workspaces of {@code terraform_data} resources
 * (no provider to download) with that S3 backend, and SSH keys made by {@code ssh-keygen}.
 */
final class RealStack implements AutoCloseable {
  static final String BUCKET = "tfstate";

  private final Process moto;
  private final URI endpoint;
  private final Path dir;

  private RealStack(Process moto, URI endpoint, Path dir) {
    this.moto = moto;
    this.endpoint = endpoint;
    this.dir = dir;
  }

  /** Why the scenario cannot run here, or null when terraform, moto_server and ssh-keygen are all on the PATH. */
  static String missingTools() {
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("terraform", "moto_server", "ssh-keygen")) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    return missing.isEmpty() ? null : "skipped: " + String.join(", ", missing) + " not on the PATH; the real approval scenario "
        + "needs terraform (S3 backend), moto_server (the S3 it keeps state in) and ssh-keygen (the approvers' keys)";
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (new File(d, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** Starts moto on a free loopback port and creates the state bucket; reading moto's "Running on" line is the wait. */
  static RealStack start(Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port)).redirectErrorStream(true).start();
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
      try {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
          if (line.contains("Running on")) {
            Thread drain = new Thread(() -> {
              try {
                while (r.readLine() != null) {
                  // moto's request log is not needed
                }
              } catch (IOException ignored) {
                // moto stopped
              }
            }, "moto-log");
            drain.setDaemon(true);
            drain.start();
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    });
    boolean up;
    try {
      up = ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      up = false;
    }
    if (!up) {
      p.destroyForcibly();
      throw new IllegalStateException("moto_server did not start on port " + port);
    }
    RealStack stack = new RealStack(p, URI.create("http://127.0.0.1:" + port), dir);
    HttpResponse<String> created = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
        HttpRequest.newBuilder(stack.endpoint.resolve("/" + BUCKET)).PUT(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 200) {
      stack.close();
      throw new IllegalStateException("moto did not create bucket " + BUCKET + ": HTTP " + created.statusCode());
    }
    return stack;
  }

  URI endpoint() {
    return endpoint;
  }

  /**
   * A workspace {@code name} of {@code resources} {@code terraform_data} resources whose state is
   * {@code NAME/terraform.tfstate} in the moto bucket, initialised; nothing applied yet.
   */
  Path workspace(String name, int resources) throws Exception {
    Path ws = Files.createDirectories(dir.resolve(name));
    StringBuilder tf = new StringBuilder()
        .append("terraform {\n  backend \"s3\" {\n")
        .append("    bucket = \"").append(BUCKET).append("\"\n")
        .append("    key = \"").append(name).append("/terraform.tfstate\"\n")
        .append("    region = \"us-east-1\"\n")
        .append("    endpoints = { s3 = \"").append(endpoint).append("\" }\n")
        .append("    use_path_style = true\n")
        .append("    skip_credentials_validation = true\n")
        .append("    skip_requesting_account_id = true\n")
        .append("    skip_metadata_api_check = true\n")
        .append("    skip_region_validation = true\n")
        .append("    access_key = \"test\"\n    secret_key = \"test\"\n")
        .append("  }\n}\n");
    for (int i = 0; i < resources; i++) {
      tf.append("resource \"terraform_data\" \"r").append(i).append("\" {\n  input = \"v").append(i).append("\"\n}\n");
    }
    Files.writeString(ws.resolve("main.tf"), tf);
    terraform(ws, "init", "-input=false", "-no-color");
    return ws;
  }

  /** Runs terraform directly (the world outside the guard); fails the test on a non-zero exit. */
  static String terraform(Path ws, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("terraform", "-chdir=" + ws));
    command.addAll(List.of(args));
    return run(command, Map.of("TF_IN_AUTOMATION", "1", "CHECKPOINT_DISABLE", "1"));
  }

  /** How many resources the workspace's state (in S3) holds. */
  static int resources(Path ws) throws Exception {
    return (int) terraform(ws, "state", "list").lines().filter(l -> !l.isBlank()).count();
  }

  /** A new ed25519 key without passphrase, made by ssh-keygen; returns the private key's path. */
  Path key(String name) throws Exception {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Path key = keys.resolve(name);
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()), Map.of());
    return key;
  }

  /** {@code principal key-type base64} for {@code key}'s public half. */
  static String allowedSignersLine(String principal, Path key) throws IOException {
    String[] pub = Files.readString(Path.of(key + ".pub")).strip().split(" ");
    return principal + " " + pub[0] + " " + pub[1];
  }

  /** Runs a command; its standard output, or an exception with both outputs when it fails. */
  private static String run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = read(p.getInputStream());
    CompletableFuture<String> err = read(p.getErrorStream());
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish in 5 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out.join() + err.join());
    }
    return out.join();
  }

  private static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
  }

  @Override
  public void close() throws Exception {
    moto.destroy();
    if (!moto.waitFor(10, TimeUnit.SECONDS)) {
      moto.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
