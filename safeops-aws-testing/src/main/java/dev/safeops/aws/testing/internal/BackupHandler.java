package dev.safeops.aws.testing.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.aws.testing.internal.World.BackupVault;
import dev.safeops.aws.testing.internal.World.RecoveryPoint;
import java.util.ArrayList;
import java.util.List;

/** AWS Backup over REST-JSON: vaults and their recovery points. */
final class BackupHandler implements ServiceHandler {
  private static final String JSON_TYPE = "application/json";

  @Override
  public String signingName() {
    return "backup";
  }

  @Override
  public void identify(Call call) {
    List<String> segments = segments(call.request.rawPath());
    String m = call.request.method();
    call.request.query().forEach(call.params::put);
    if (segments.size() == 1 && segments.get(0).equals("backup-vaults") && m.equals("GET")) {
      call.operation = "ListBackupVaults";
    } else if (segments.size() == 2 && segments.get(0).equals("backup-vaults") && m.equals("DELETE")) {
      call.operation = "DeleteBackupVault";
      call.params.put("BackupVaultName", segments.get(1));
    } else if (segments.size() == 3 && segments.get(0).equals("backup-vaults")
        && segments.get(2).equals("recovery-points") && m.equals("GET")) {
      call.operation = "ListRecoveryPointsByBackupVault";
      call.params.put("BackupVaultName", segments.get(1));
    } else if (segments.size() == 4 && segments.get(0).equals("backup-vaults")
        && segments.get(2).equals("recovery-points") && m.equals("DELETE")) {
      call.operation = "DeleteRecoveryPoint";
      call.params.put("BackupVaultName", segments.get(1));
      call.params.put("RecoveryPointArn", segments.get(3));
    } else if (segments.size() == 3 && segments.get(0).equals("resources")
        && segments.get(2).equals("recovery-points") && m.equals("GET")) {
      call.operation = "ListRecoveryPointsByResource";
      call.params.put("ResourceArn", segments.get(1));
    } else {
      call.operation = m + " " + call.request.rawPath();
    }
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : (rawPath == null ? "" : rawPath).split("/")) {
      if (!s.isEmpty()) {
        out.add(WireRequest.decode(s));
      }
    }
    return out;
  }

  @Override
  public WireResponse handle(Call call) {
    World w = call.world;
    return switch (call.operation) {
      case "ListBackupVaults" -> {
        ObjectNode out = JsonHandler.object();
        ArrayNode list = out.putArray("BackupVaultList");
        for (BackupVault v : w.backupVaults.values()) {
          list.addObject().put("BackupVaultName", v.name).put("BackupVaultArn", vaultArn(w, v.name))
              .put("VaultType", "BACKUP_VAULT").put("VaultState", "AVAILABLE")
              .put("CreationDate", JsonHandler.epoch(v.created))
              .put("NumberOfRecoveryPoints", v.recoveryPoints.size()).put("Locked", false);
        }
        yield ok(out);
      }
      case "DeleteBackupVault" -> {
        BackupVault v = vault(w, call.param("BackupVaultName"));
        if (!v.recoveryPoints.isEmpty()) {
          throw new AwsError(400, "InvalidRequestException", "Backup vault " + v.name
              + " cannot be deleted because it contains " + v.recoveryPoints.size() + " recovery points.");
        }
        w.backupVaults.remove(v.name);
        call.mutated();
        yield WireResponse.of(200, JSON_TYPE, "");
      }
      case "ListRecoveryPointsByBackupVault" -> {
        BackupVault v = vault(w, call.param("BackupVaultName"));
        String byResource = call.param("resourceArn");
        String byType = call.param("resourceType");
        ObjectNode out = JsonHandler.object();
        ArrayNode list = out.putArray("RecoveryPoints");
        for (RecoveryPoint p : v.recoveryPoints.values()) {
          if ((byResource == null || byResource.equals(p.resourceArn)) && (byType == null || byType.equals(p.resourceType))) {
            list.addObject().put("RecoveryPointArn", p.arn).put("BackupVaultName", p.vault)
                .put("BackupVaultArn", vaultArn(w, p.vault)).put("ResourceArn", p.resourceArn)
                .put("ResourceType", p.resourceType).put("Status", p.status)
                .put("CreationDate", JsonHandler.epoch(p.created))
                .put("CompletionDate", JsonHandler.epoch(p.created))
                .put("IsEncrypted", true).put("BackupSizeInBytes", 1024L * 1024 * 1024);
          }
        }
        yield ok(out);
      }
      case "ListRecoveryPointsByResource" -> {
        String resource = call.param("ResourceArn");
        ObjectNode out = JsonHandler.object();
        ArrayNode list = out.putArray("RecoveryPoints");
        for (BackupVault v : w.backupVaults.values()) {
          for (RecoveryPoint p : v.recoveryPoints.values()) {
            if (p.resourceArn.equals(resource)) {
              list.addObject().put("RecoveryPointArn", p.arn).put("BackupVaultName", p.vault)
                  .put("Status", p.status).put("CreationDate", JsonHandler.epoch(p.created))
                  .put("BackupSizeBytes", 1024L * 1024 * 1024).put("VaultType", "BACKUP_VAULT");
            }
          }
        }
        yield ok(out);
      }
      case "DeleteRecoveryPoint" -> {
        BackupVault v = vault(w, call.param("BackupVaultName"));
        String arn = call.param("RecoveryPointArn");
        if (v.recoveryPoints.remove(arn) == null) {
          throw new AwsError(400, "ResourceNotFoundException", "Recovery point " + arn + " not found in vault " + v.name + ".");
        }
        call.mutated();
        yield WireResponse.of(200, JSON_TYPE, "");
      }
      default -> throw ServiceHandler.unknownOperation("backup", call.operation);
    };
  }

  @Override
  public AwsError accessDenied(Call call) {
    return new AwsError(403, "AccessDeniedException", "User: arn:aws:iam::" + call.world.accountId
        + ":user/fake is not authorized to perform: backup:" + call.operation);
  }

  private static BackupVault vault(World w, String name) {
    BackupVault v = w.backupVaults.get(name);
    if (v == null) {
      throw new AwsError(400, "ResourceNotFoundException", "Backup vault " + name + " not found.");
    }
    return v;
  }

  static String vaultArn(World w, String name) {
    return w.arn("backup", "backup-vault:" + name);
  }

  private static WireResponse ok(ObjectNode out) {
    return WireResponse.of(200, JSON_TYPE, out.toString());
  }

  @Override
  public WireResponse error(Call call, AwsError error) {
    ObjectNode body = JsonHandler.object();
    body.put("Code", error.code());
    body.put("Message", error.getMessage());
    return WireResponse.of(error.status(), JSON_TYPE, body.toString()).with("x-amzn-ErrorType", error.code());
  }
}
