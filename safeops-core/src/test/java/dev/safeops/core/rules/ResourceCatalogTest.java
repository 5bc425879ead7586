package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.DEV;
import static dev.safeops.core.rules.RuleFixtures.delete;
import static dev.safeops.core.rules.RuleFixtures.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Finding;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Level;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceCategory;
import dev.safeops.core.ResourceType;
import dev.safeops.core.ResourceType.AttributeCondition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped resource catalog: coverage, aliases, attribute knowledge, strict loading, overrides. */
class ResourceCatalogTest {
  private static final String SHIPPED = "/dev/safeops/core/resource-catalog.json";
  private final ResourceCatalog catalog = ResourceCatalog.defaults();

  private static JsonNode shippedJson() throws IOException {
    try (InputStream in = ResourceCatalog.class.getResourceAsStream(SHIPPED)) {
      assertThat(in).as("the shipped catalog is on the classpath").isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  private static ResourceCatalog load(String json) {
    return ResourceCatalog.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theShippedCatalogCoversAtLeastEightyAwsTypesAndFindsEveryOne() throws IOException {
    List<String> aws = new ArrayList<>();
    shippedJson().get("types").fieldNames().forEachRemaining(t -> {
      if (t.startsWith("aws_")) {
        aws.add(t);
      }
    });

    assertThat(aws).hasSizeGreaterThanOrEqualTo(80);
    assertThat(aws).allSatisfy(t -> assertThat(catalog.find(t)).hasValueSatisfying(
        r -> assertThat(r.category()).isNotEqualTo(ResourceCategory.UNKNOWN)));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "aws_db_instance, DATA_STORE", "aws_rds_cluster, DATA_STORE", "aws_s3_bucket, DATA_STORE",
      "aws_dynamodb_table, DATA_STORE", "aws_efs_file_system, DATA_STORE", "aws_ebs_volume, DATA_STORE",
      "aws_elasticache_replication_group, DATA_STORE", "aws_redshift_cluster, DATA_STORE",
      "aws_opensearch_domain, DATA_STORE", "aws_backup_vault, BACKUP", "aws_db_snapshot, BACKUP",
      "aws_s3_bucket_versioning, BACKUP", "aws_vpc, NETWORK_FOUNDATION", "aws_subnet, NETWORK_FOUNDATION",
      "aws_nat_gateway, NETWORK_FOUNDATION", "aws_lb, NETWORK_FOUNDATION", "aws_instance, COMPUTE",
      "aws_ecs_cluster, COMPUTE", "aws_lambda_function, COMPUTE", "aws_eks_cluster, COMPUTE",
      "aws_iam_role, IDENTITY", "aws_iam_policy, IDENTITY", "aws_route53_zone, DNS", "aws_route53_record, DNS",
      "aws_kms_key, ENCRYPTION_KEY", "aws_security_group, OTHER", "aws_sqs_queue, OTHER",
      "aws_cloudwatch_log_group, OTHER"})
  void commonAwsTypesHaveTheirCategory(String type, ResourceCategory category) {
    assertThat(catalog.category(type)).isEqualTo(category);
  }

  @ParameterizedTest
  @ValueSource(strings = {"google_sql_database_instance", "google_storage_bucket", "google_bigquery_dataset",
      "google_spanner_instance", "google_bigtable_instance", "google_firestore_database", "azurerm_mssql_database",
      "azurerm_mssql_server", "azurerm_postgresql_flexible_server", "azurerm_mysql_flexible_server",
      "azurerm_storage_account", "azurerm_cosmosdb_account", "azurerm_redis_cache"})
  void theMainGcpAndAzureDataStoresAreDataStores(String type) {
    assertThat(catalog.category(type)).isEqualTo(ResourceCategory.DATA_STORE);
  }

  @Test
  void everyShippedAliasFindsItsEntry() throws IOException {
    Iterator<Map.Entry<String, JsonNode>> it = shippedJson().get("types").fields();
    int aliases = 0;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      for (JsonNode alias : e.getValue().path("aliases")) {
        assertThat(catalog.find(alias.asText())).map(ResourceType::type).contains(e.getKey());
        aliases++;
      }
    }
    assertThat(aliases).isGreaterThanOrEqualTo(80);
    assertThat(catalog.find("AWS::RDS::DBInstance")).map(ResourceType::type).contains("aws_db_instance");
    assertThat(catalog.category("AWS::EC2::VPC")).isEqualTo(ResourceCategory.NETWORK_FOUNDATION);
    assertThat(catalog.category("Microsoft.Sql/servers")).isEqualTo(ResourceCategory.DATA_STORE);
  }

  @Test
  void anUnknownTypeIsUnknown() {
    assertThat(catalog.find("mycorp_ledger")).isEmpty();
    assertThat(catalog.category("mycorp_ledger")).isEqualTo(ResourceCategory.UNKNOWN);
  }

  @Test
  void theShippedCatalogIsReadOnce() {
    assertThat(ResourceCatalog.defaults()).isSameAs(ResourceCatalog.defaults());
  }

  @Test
  void theCatalogKnowsTheProviderDefaultsThatDecideALoss() {
    ResourceType rds = catalog.find("aws_db_instance").orElseThrow();
    assertThat(rds.backupsLostOnDelete()).containsExactly(
        new AttributeCondition("skip_final_snapshot", true, false, "no final snapshot is taken"),
        new AttributeCondition("delete_automated_backups", true, true, "every automated backup is deleted with it"));
    assertThat(rds.protections()).extracting(AttributeCondition::path)
        .contains("deletion_protection", "skip_final_snapshot", "delete_automated_backups");
    assertThat(catalog.find("aws_rds_cluster").orElseThrow().backupsLostOnDelete())
        .extracting(AttributeCondition::path).containsExactly("skip_final_snapshot", "delete_automated_backups");
    assertThat(catalog.find("google_sql_database_instance").orElseThrow().protections())
        .contains(new AttributeCondition("deletion_protection", true, true, "Terraform deletion protection"));
    assertThat(catalog.find("aws_kms_key").orElseThrow().protections()).extracting(AttributeCondition::path)
        .containsExactly("is_enabled", "deletion_window_in_days");
    assertThat(catalog.find("aws_kms_key").orElseThrow().protections().get(1).value()).isEqualTo(BigDecimal.valueOf(30));
    assertThat(catalog.find("aws_efs_file_system").orElseThrow().backupsAlwaysLost()).isTrue();
    assertThat(catalog.find("aws_efs_file_system").orElseThrow().deleteLosesBackups()).isTrue();
    assertThat(catalog.find("aws_instance").orElseThrow().deleteLosesBackups()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not JSON | {\"types\": { | The resource catalog is not valid JSON at line 1",
      "trailing garbage | {\"types\": {}} x | The resource catalog is not valid JSON",
      "empty input |  | The resource catalog must be a JSON object",
      "no types | {\"kinds\": {}} | The resource catalog has the unknown field \"kinds\"",
      "types not an object | {\"types\": []} | must have a \"types\" object",
      "entry not an object | {\"types\": {\"aws_vpc\": 3}} | Resource catalog entry 'aws_vpc' must be an object",
      "missing category | {\"types\": {\"aws_vpc\": {}}} | Resource catalog entry 'aws_vpc' needs a \"category\" string",
      "unknown category | {\"types\": {\"aws_vpc\": {\"category\": \"NETWORK\"}}} | Resource catalog entry 'aws_vpc' has the unknown category 'NETWORK'",
      "UNKNOWN is not a category | {\"types\": {\"aws_vpc\": {\"category\": \"UNKNOWN\"}}} | has the unknown category 'UNKNOWN'",
      "misspelt field | {\"types\": {\"aws_db_instance\": {\"category\": \"DATA_STORE\", \"protection\": []}}} | Resource catalog entry 'aws_db_instance' has the unknown field \"protection\"",
      "condition without default | {\"types\": {\"aws_db_instance\": {\"category\": \"DATA_STORE\", \"protections\": [{\"path\": \"deletion_protection\", \"value\": true, \"description\": \"d\"}]}}} | Resource catalog entry 'aws_db_instance' protections[0] has no \"default\"",
      "blank path | {\"types\": {\"aws_db_instance\": {\"category\": \"DATA_STORE\", \"backupsLostOnDelete\": [{\"path\": \"\", \"value\": true, \"default\": false, \"description\": \"d\"}]}}} | Resource catalog entry 'aws_db_instance' backupsLostOnDelete[0] needs a non-blank \"path\"",
      "conditions not a list | {\"types\": {\"aws_db_instance\": {\"category\": \"DATA_STORE\", \"protections\": {}}}} | Resource catalog entry 'aws_db_instance' has \"protections\" that is not a list",
      "alias not a string | {\"types\": {\"aws_vpc\": {\"category\": \"OTHER\", \"aliases\": [1]}}} | Resource catalog entry 'aws_vpc' has an alias that is not a non-blank string",
      "flag not a boolean | {\"types\": {\"aws_vpc\": {\"category\": \"OTHER\", \"backupsAlwaysLost\": \"yes\"}}} | Resource catalog entry 'aws_vpc' has \"backupsAlwaysLost\" that is not true or false",
      "alias reused | {\"types\": {\"aws_lb\": {\"category\": \"OTHER\", \"aliases\": [\"LB\"]}, \"aws_alb\": {\"category\": \"OTHER\", \"aliases\": [\"LB\"]}}} | Resource catalog entry 'aws_alb' uses the name 'LB', which is already an alias of 'aws_lb'",
      "alias shadows a type | {\"types\": {\"aws_lb\": {\"category\": \"OTHER\"}, \"aws_alb\": {\"category\": \"OTHER\", \"aliases\": [\"aws_lb\"]}}} | Resource catalog entry 'aws_alb' uses the name 'aws_lb', which is already a type",
      "duplicate type | {\"types\": {\"aws_vpc\": {\"category\": \"OTHER\"}, \"aws_vpc\": {\"category\": \"DATA_STORE\"}}} | Duplicate field 'aws_vpc'"})
  void aMalformedCatalogIsRejectedWithOneSentence(String name, String json, String expected) {
    assertThatThrownBy(() -> load(json == null ? "" : json))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").endsWith("."));
  }

  @Test
  void numbersInACatalogAreReadAsTheyAlwaysWereIntegersAsWrittenDecimalsWithoutTrailingZeros() {
    ResourceCatalog own = load("""
        {"types": {"mycorp_ledger": {"category": "DATA_STORE", "protections": [
           {"path": "a", "value": 1.50, "default": 30, "description": "a"},
           {"path": "b", "value": 100.0, "default": 0.0, "description": "b"},
           {"path": "c", "value": [1.50, {"n": 2.0}], "default": 0e5, "description": "c"}]}}}
        """);

    List<AttributeCondition> c = own.find("mycorp_ledger").orElseThrow().protections();
    assertThat(c.get(0).value()).isEqualTo(new BigDecimal("1.5"));
    assertThat(c.get(0).defaultValue()).isEqualTo(new BigDecimal("30"));
    assertThat(c.get(1).value()).isEqualTo(new BigDecimal("1E+2"));
    assertThat(c.get(1).defaultValue()).isEqualTo(BigDecimal.ZERO);
    assertThat(c.get(2).value()).isEqualTo(List.of(new BigDecimal("1.5"), java.util.Map.of("n", new BigDecimal("2"))));
    assertThat(c.get(2).defaultValue()).isEqualTo(BigDecimal.ZERO);
  }

  @Test
  void aBadAliasIsQuotedAsJsonInTheSentence() {
    assertThatThrownBy(() -> load("{\"types\": {\"aws_vpc\": {\"category\": \"OTHER\", \"aliases\": [{\"a\": [1.50, \"x\\ty\"]}]}}}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has an alias that is not a non-blank string: {\"a\":[1.5,\"x\\ty\"]}.");
  }

  @Test
  void theDocumentedFormatLoadsIntoResourceTypes() {
    ResourceCatalog own = load("""
        {"description": "ours",
         "types": {"mycorp_ledger": {
           "category": "DATA_STORE", "aliases": ["MyCorp::Ledger"],
           "protections": [{"path": "lock.0.mode", "value": "LOCKED", "default": null, "description": "the ledger lock"}],
           "backupsLostOnDelete": [{"path": "purge", "value": "true", "default": 1.5, "description": "purged"}],
           "backupsAlwaysLost": false}}}
        """);

    assertThat(own.find("MyCorp::Ledger")).hasValue(new ResourceType("mycorp_ledger", ResourceCategory.DATA_STORE,
        List.of("MyCorp::Ledger"),
        List.of(new AttributeCondition("lock.0.mode", "LOCKED", null, "the ledger lock")),
        List.of(new AttributeCondition("purge", "true", new BigDecimal("1.5"), "purged")), false));
  }

  @Test
  void overridesWinForEveryTypeTheyNameAndTheRestComesFromTheBase() {
    ResourceCatalog own = load("""
        {"types": {
          "aws_instance": {"category": "DATA_STORE", "backupsAlwaysLost": true},
          "mycorp_ledger": {"category": "DATA_STORE", "backupsAlwaysLost": true}}}
        """);
    ResourceCatalog merged = ResourceCatalog.defaults().withOverrides(own);

    assertThat(merged.category("aws_instance")).isEqualTo(ResourceCategory.DATA_STORE);
    assertThat(merged.category("mycorp_ledger")).isEqualTo(ResourceCategory.DATA_STORE);
    assertThat(merged.category("aws_vpc")).isEqualTo(ResourceCategory.NETWORK_FOUNDATION);

    BlastRadiusEvaluator evaluator = BlastRadiusEvaluator.builder().catalog(merged).build();
    BlastRadius radius = evaluator.evaluate(Plan.of(List.of(delete("mycorp_ledger.main", "mycorp_ledger"))), op(DEV));
    assertThat(radius.level()).isEqualTo(Level.CRITICAL);
    assertThat(radius.findings()).extracting(Finding::ruleId)
        .containsExactly("data.irrecoverable-loss", "data.store-deleted");
  }
}
