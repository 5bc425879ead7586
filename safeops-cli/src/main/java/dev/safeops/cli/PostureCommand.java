package dev.safeops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.aws.recovery.BackupPosture;
import dev.safeops.aws.recovery.PostureReport;
import dev.safeops.aws.recovery.ResourcePosture;
import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import java.io.PrintStream;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code posture [--json] [--profile NAME] [--region REGION]}: can the data stores of an
 * account survive their own deletion? Against the fake endpoint seeded with the incident's
 * production stack by default; against real AWS (read-only calls) when a profile or region is
 * given.
 */
@Command(name = "posture", mixinStandardHelpOptions = true,
    description = {"Backup posture of RDS, DynamoDB and S3: would each data store survive its own deletion?",
        "Reads the fake incident account unless --profile or --region is given."})
final class PostureCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Option(names = "--json", description = "print one JSON object instead of a table")
  boolean json;

  @Option(names = "--profile", paramLabel = "NAME", description = "read real AWS with this profile (read-only calls)")
  String profile;

  @Option(names = "--region", paramLabel = "REGION", description = "read real AWS in this region (read-only calls)")
  String region;

  @Override
  public Integer call() throws Exception {
    PrintStream out = main.out;
    PostureReport report;
    String where;
    if (profile == null && region == null) {
      try (FakeAws aws = FakeAws.create().start()) {
        aws.seed().incidentProductionStack();
        report = BackupPosture.builder()
            .rds(FakeAwsClients.rds(aws))
            .dynamoDb(FakeAwsClients.dynamoDb(aws))
            .s3(FakeAwsClients.s3(aws))
            .backup(FakeAwsClients.backup(aws))
            .location(aws.accountId(), aws.region())
            .build()
            .check();
      }
      where = "the fake endpoint, seeded with the incident's production stack";
    } else {
      report = real(profile, region);
      where = "AWS" + (profile == null ? "" : ", profile " + profile);
    }
    if (json) {
      out.println(json(report, where));
    } else {
      table(report, where, out);
    }
    return 0;
  }

  private static PostureReport real(String profile, String regionName) {
    AwsCredentialsProvider credentials = profile == null ? DefaultCredentialsProvider.builder().build() : ProfileCredentialsProvider.create(profile);
    Region region;
    if (regionName != null) {
      region = Region.of(regionName);
    } else {
      DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
      if (profile != null) {
        chain.profileName(profile);
      }
      region = chain.build().getRegion();
    }
    try (RdsClient rds = RdsClient.builder().region(region).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
         DynamoDbClient ddb = DynamoDbClient.builder().region(region).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
         S3Client s3 = S3Client.builder().region(region).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
         BackupClient backup = BackupClient.builder().region(region).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
         StsClient sts = StsClient.builder().region(region).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
      String account = sts.getCallerIdentity().account();
      return BackupPosture.builder().rds(rds).dynamoDb(ddb).s3(s3).backup(backup).location(account, region.id()).build().check();
    }
  }

  static void table(PostureReport report, String where, PrintStream out) {
    out.println("backup posture of account " + report.account() + " in " + report.region() + " (" + where + ")");
    out.println();
    String row = "%-9s %-20s %-32s %-38s %s%n";
    out.printf(row, "LEVEL", "TYPE", "RESOURCE", "RULE", "WHY");
    for (ResourcePosture r : report.resources()) {
      List<Finding> findings = report.findingsFor(r.arn());
      if (findings.isEmpty()) {
        out.printf(row, "ok", r.type(), r.identifier(), "-", "would survive its own deletion");
      }
      for (Finding f : findings) {
        out.printf(row, f.level(), r.type(), r.identifier(), f.ruleId(), f.message());
      }
    }
    for (Finding f : report.findings()) {
      if (report.resources().stream().noneMatch(r -> r.arn().equals(f.address()))) {
        out.printf(row, f.level(), "-", f.address(), f.ruleId(), f.message());
      }
    }
    out.println();
    long critical = report.findings().stream().filter(f -> f.level() == Level.CRITICAL).count();
    out.println("posture: " + report.resources().size() + " data store(s), " + report.findings().size() + " finding(s), worst "
        + report.level() + (critical > 0 ? ", " + critical + " CRITICAL: a delete would lose data for good" : ""));
  }

  static String json(PostureReport report, String where) throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("account", report.account());
    root.put("region", report.region());
    root.put("source", where);
    root.put("checkedAt", report.checkedAt().toString());
    root.put("level", report.level().name());
    ArrayNode resources = root.putArray("resources");
    for (ResourcePosture r : report.resources()) {
      ObjectNode n = resources.addObject();
      n.put("type", r.type());
      n.put("identifier", r.identifier());
      n.put("arn", r.arn());
      n.put("level", report.levelOf(r.arn()).name());
      n.put("deletionProtection", r.deletionProtection());
      n.put("backupsDieWithResource", r.backupsDieWithResource());
      if (r.newestIndependentBackup().isPresent()) {
        n.put("newestIndependentBackup", r.newestIndependentBackup().get().toString());
      } else {
        n.putNull("newestIndependentBackup");
      }
      n.put("offsiteCopy", r.offsiteCopy());
      n.put("pointInTimeRecovery", r.pointInTimeRecovery());
    }
    ArrayNode findings = root.putArray("findings");
    for (Finding f : report.findings()) {
      ObjectNode n = findings.addObject();
      n.put("ruleId", f.ruleId());
      n.put("level", f.level().name());
      n.put("address", f.address());
      n.put("message", f.message());
    }
    return mapper.writeValueAsString(root);
  }
}
