package dev.safeops.aws.internal.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live evidence catalog is data read strictly: a typo cannot quietly turn a check off. */
class LiveCatalogTest {

  private static LiveCatalog load(String json) {
    return LiveCatalog.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String entry(String body) {
    return "{\"types\": {\"aws_db_instance\": {" + body + "}}}";
  }

  private static final String GOOD = "\"identifiers\": {\"id\": [\"identifier\"]}, \"name\": \"id\", \"metrics\": [{"
      + "\"namespace\": \"AWS/RDS\", \"metric\": \"DatabaseConnections\", \"statistic\": \"Maximum\","
      + " \"describe\": \"{} connections\", \"dimensions\": {\"DBInstanceIdentifier\": \"id\"}}]";

  @Test
  void theShippedCatalogCoversEveryKindTheRuleJudges() {
    LiveCatalog shipped = LiveCatalog.shipped();
    for (String type : new String[] {"aws_db_instance", "aws_rds_cluster", "aws_lb", "aws_alb", "aws_instance",
        "aws_ecs_service", "aws_lambda_function", "aws_dynamodb_table", "aws_vpc", "aws_subnet", "aws_security_group"}) {
      assertThat(shipped.find(type)).as(type).isPresent();
    }
    assertThat(shipped.find("aws_db_instance").orElseThrow().resolve(Map.of("identifier", "courses-prod", "id", "db-ABC")).ids())
        .as("provider v5's id is the resource id, not the identifier").containsEntry("id", "courses-prod");
    assertThat(shipped.find("aws_ecs_service").orElseThrow()
        .resolve(Map.of("name", "web", "cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/prod")).ids())
        .containsEntry("cluster", "prod").containsEntry("service", "web");
  }

  @Test
  void aWellFormedEntryLoads() {
    assertThat(load(entry(GOOD)).find("aws_db_instance")).isPresent();
  }

  @Test
  void unknownFieldsLookupsAndDanglingIdentifiersAreRefusedNamingTheEntry() {
    assertThatThrownBy(() -> load(entry(GOOD + ", \"dependens\": []"))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("aws_db_instance has an unknown field \"dependens\"");
    assertThatThrownBy(() -> load(entry(GOOD + ", \"created\": \"rds-instance\""))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown creation lookup \"rds-instance\"");
    assertThatThrownBy(() -> load(entry(GOOD.replace("\"DBInstanceIdentifier\": \"id\"", "\"DBInstanceIdentifier\": \"db\""))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs the identifier \"db\"");
    assertThatThrownBy(() -> load(entry(GOOD + ", \"dependents\": [\"targets-of-load-balancer\"]")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs the identifier \"arn\"");
    assertThatThrownBy(() -> load(entry(GOOD.replace("{} connections", "connections"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("must hold {}");
    assertThatThrownBy(() -> load("{\"types\": {\"a\": {" + GOOD + "}, \"a\": {" + GOOD + "}}}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid JSON");
  }
}
