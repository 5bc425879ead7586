package dev.safeops.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.aws.testing.FakeAwsSeed.IncidentStack;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** What uses what on the fake: network interfaces, registered targets, and the refusals they cause. */
class FakeAwsDependentsTest {
  private static FakeAws aws;
  private static Ec2Client ec2;
  private static ElasticLoadBalancingV2Client elb;

  @BeforeAll
  static void start() {
    aws = FakeAws.create().start();
    ec2 = FakeAwsClients.ec2(aws);
    elb = FakeAwsClients.elbv2(aws);
  }

  @AfterAll
  static void stop() {
    ec2.close();
    elb.close();
    aws.close();
  }

  @BeforeEach
  void seed() {
    aws.reset();
    aws.seed().incidentProductionStack().incidentDuplicates();
  }

  private static List<NetworkInterface> interfaces(String filter, String value) {
    return ec2.describeNetworkInterfacesPaginator(r -> r.filters(f -> f.name(filter).values(value))).networkInterfaces()
        .stream().toList();
  }

  @Test
  void theIncidentStackHasTheInterfacesProductionHad() {
    assertThat(interfaces("vpc-id", IncidentStack.VPC)).hasSize(8);
    assertThat(interfaces("subnet-id", IncidentStack.PUBLIC_SUBNETS.get(0)))
        .extracting(NetworkInterface::description)
        .contains("Primary network interface")
        .anySatisfy(d -> assertThat(d).startsWith("ELB app/courses-prod-web/"));
    assertThat(interfaces("group-id", IncidentStack.APP_SECURITY_GROUP)).hasSize(2)
        .allSatisfy(eni -> assertThat(eni.requesterManaged()).isTrue());
    assertThat(interfaces("attachment.instance-id", IncidentStack.BASTION)).singleElement()
        .satisfies(eni -> assertThat(eni.attachment().instanceId()).isEqualTo(IncidentStack.BASTION));
    assertThat(interfaces("group-id", IncidentStack.DUPLICATE_SECURITY_GROUPS.get(0))).isEmpty();
  }

  @Test
  void targetGroupsListTheTasksRegisteredBehindEachLoadBalancer() {
    String web = aws.state().loadBalancerArn(IncidentStack.LOAD_BALANCERS.get(0)).orElseThrow();
    List<TargetGroup> groups = elb.describeTargetGroupsPaginator(r -> r.loadBalancerArn(web)).targetGroups().stream().toList();

    assertThat(groups).singleElement().satisfies(g -> assertThat(g.targetGroupName()).isEqualTo("courses-web"));
    assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(groups.get(0).targetGroupArn())).targetHealthDescriptions())
        .extracting(t -> t.target().id() + ":" + t.target().port() + " " + t.targetHealth().stateAsString())
        .containsExactly("10.0.11.23:8080 healthy", "10.0.12.47:8080 healthy");
  }

  @Test
  void targetGroupsPageWithMarkers() {
    aws.seed().targetGroup("extra-1", g -> g.loadBalancer(IncidentStack.LOAD_BALANCERS.get(0)))
        .targetGroup("extra-2", g -> g.loadBalancer(IncidentStack.LOAD_BALANCERS.get(0)));
    String web = aws.state().loadBalancerArn(IncidentStack.LOAD_BALANCERS.get(0)).orElseThrow();

    var pages = elb.describeTargetGroupsPaginator(r -> r.loadBalancerArn(web).pageSize(2)).stream().toList();

    assertThat(pages).hasSize(2);
    assertThat(pages.stream().flatMap(p -> p.targetGroups().stream()).map(TargetGroup::targetGroupName))
        .containsExactly("courses-web", "extra-1", "extra-2");
  }

  @Test
  void aSubnetOrGroupWithInterfacesCannotBeDeletedAndATerminatedInstanceTakesItsOwn() {
    assertThatThrownBy(() -> ec2.deleteSubnet(r -> r.subnetId(IncidentStack.PRIVATE_SUBNETS.get(1))))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation"));
    assertThatThrownBy(() -> ec2.deleteSecurityGroup(r -> r.groupId(IncidentStack.APP_SECURITY_GROUP)))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation"));

    ec2.terminateInstances(r -> r.instanceIds(IncidentStack.BASTION));

    assertThat(interfaces("attachment.instance-id", IncidentStack.BASTION)).isEmpty();
  }
}
