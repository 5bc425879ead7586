package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.DEV;
import static dev.safeops.core.rules.RuleFixtures.PROD;
import static dev.safeops.core.rules.RuleFixtures.attrs;
import static dev.safeops.core.rules.RuleFixtures.create;
import static dev.safeops.core.rules.RuleFixtures.delete;
import static dev.safeops.core.rules.RuleFixtures.findings;
import static dev.safeops.core.rules.RuleFixtures.replace;
import static dev.safeops.core.rules.RuleFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** network.foundation-deleted: VPCs, subnets, gateways, load balancers deleted or replaced. */
class NetworkFoundationDeletedRuleTest {
  private static final String RULE = "network.foundation-deleted";

  @ParameterizedTest
  @ValueSource(strings = {"aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_nat_gateway", "aws_route_table",
      "aws_ec2_transit_gateway", "aws_lb", "AWS::EC2::VPC", "google_compute_network", "azurerm_virtual_network"})
  void deletingANetworkFoundationIsHigh(String type) {
    assertThat(findings(RULE, DEV, delete("net.main", type))).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.HIGH);
      assertThat(f.message()).isEqualTo("net.main (" + type + ") would be deleted: it is network foundation, "
          + "so whatever runs in it or routes through it loses its network");
    });
  }

  @Test
  void replacingASubnetCountsAsDeletingIt() {
    assertThat(findings(RULE, DEV, replace("aws_subnet.private[0]", "aws_subnet", attrs("cidr_block", "10.0.1.0/24"))))
        .singleElement().satisfies(f -> assertThat(f.address()).isEqualTo("aws_subnet.private[0]"));
  }

  @Test
  void creatingUpdatingOrDeletingOrdinaryNetworkPiecesIsNotThisRule() {
    assertThat(findings(RULE, PROD, create("aws_vpc.new", "aws_vpc"),
        update("aws_vpc.main", "aws_vpc", attrs("tags", attrs()), attrs("tags", attrs("team", "a"))),
        delete("aws_security_group_rule.ssh", "aws_security_group_rule"),
        delete("aws_route_table_association.a", "aws_route_table_association"))).isEmpty();
  }
}
