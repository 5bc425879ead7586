package dev.safeops.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterContainsServicesException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.OperationNotPermittedException;

class FakeAwsEcsAndElbTest {
  private static FakeAws aws;
  private static EcsClient ecs;
  private static ElasticLoadBalancingV2Client elb;

  @BeforeAll
  static void start() {
    aws = FakeAws.create().start();
    ecs = FakeAwsClients.ecs(aws);
    elb = FakeAwsClients.elbv2(aws);
  }

  @AfterAll
  static void stop() {
    ecs.close();
    elb.close();
    aws.close();
  }

  @BeforeEach
  void seed() {
    aws.reset();
    aws.seed().ecsCluster("prod").ecsService("prod", "web", 2).ecsService("prod", "idle", 0)
        .subnet("subnet-a", "vpc-1", "10.0.1.0/24", "us-east-1a")
        .loadBalancer("web", lb -> lb.vpc("vpc-1").subnets(java.util.List.of("subnet-a")))
        .loadBalancer("guarded", lb -> lb.deletionProtection(true).type("network"));
  }

  @Test
  void clustersAndServicesAreListedAndDescribed() {
    assertThat(ecs.listClusters().clusterArns()).containsExactly("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
    var described = ecs.describeClusters(b -> b.clusters("prod", "nope"));
    assertThat(described.clusters()).singleElement().satisfies(c -> {
      assertThat(c.clusterName()).isEqualTo("prod");
      assertThat(c.status()).isEqualTo("ACTIVE");
      assertThat(c.activeServicesCount()).isEqualTo(2);
    });
    assertThat(described.failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));
    assertThat(ecs.describeServices(b -> b.cluster("prod").services("web")).services()).singleElement().satisfies(s -> {
      assertThat(s.serviceName()).isEqualTo("web");
      assertThat(s.desiredCount()).isEqualTo(2);
      assertThat(s.status()).isEqualTo("ACTIVE");
    });
  }

  @Test
  void aScaledServiceNeedsForceAndAClusterWithServicesCannotBeDeleted() {
    assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster("prod"))).isInstanceOf(ClusterContainsServicesException.class);
    assertThatThrownBy(() -> ecs.deleteService(b -> b.cluster("prod").service("web"))).isInstanceOf(InvalidParameterException.class);

    assertThat(ecs.deleteService(b -> b.cluster("prod").service("web").force(true)).service().status()).isEqualTo("DRAINING");
    ecs.deleteService(b -> b.cluster("prod").service("idle"));
    assertThat(ecs.deleteCluster(b -> b.cluster("prod")).cluster().status()).isEqualTo("INACTIVE");

    assertThat(aws.state().ecsServiceExists("prod", "web")).isFalse();
    assertThat(aws.state().ecsClusterExists("prod")).isFalse();
    assertThat(ecs.listClusters().clusterArns()).isEmpty();
    assertThatThrownBy(() -> ecs.describeServices(b -> b.cluster("prod").services("web"))).isInstanceOf(ClusterNotFoundException.class);
    assertThat(aws.mutatingRequests()).extracting(RecordedRequest::operation)
        .containsExactly("DeleteService", "DeleteService", "DeleteCluster");
  }

  @Test
  void loadBalancersAndTheirAttributesAreDescribed() {
    assertThat(elb.describeLoadBalancers().loadBalancers()).extracting(LoadBalancer::loadBalancerName).containsExactly("web", "guarded");
    LoadBalancer web = elb.describeLoadBalancers(b -> b.names("web")).loadBalancers().get(0);
    assertThat(web.loadBalancerArn()).startsWith("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/");
    assertThat(web.vpcId()).isEqualTo("vpc-1");
    assertThat(web.availabilityZones()).singleElement().satisfies(z -> assertThat(z.subnetId()).isEqualTo("subnet-a"));
    String guarded = aws.state().loadBalancerArn("guarded").orElseThrow();
    assertThat(elb.describeLoadBalancerAttributes(b -> b.loadBalancerArn(guarded)).attributes())
        .anySatisfy(a -> {
          assertThat(a.key()).isEqualTo("deletion_protection.enabled");
          assertThat(a.value()).isEqualTo("true");
        });
    assertThatThrownBy(() -> elb.describeLoadBalancers(b -> b.names("nope"))).isInstanceOf(LoadBalancerNotFoundException.class);
  }

  @Test
  void deletionProtectionRefusesDeleteLoadBalancerAndAnUnprotectedOneGoes() {
    String guarded = aws.state().loadBalancerArn("guarded").orElseThrow();
    String web = aws.state().loadBalancerArn("web").orElseThrow();

    assertThatThrownBy(() -> elb.deleteLoadBalancer(b -> b.loadBalancerArn(guarded)))
        .isInstanceOfSatisfying(OperationNotPermittedException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("deletion protection is enabled"));
    elb.deleteLoadBalancer(b -> b.loadBalancerArn(web));

    assertThat(aws.state().loadBalancerExists("guarded")).isTrue();
    assertThat(aws.state().loadBalancerExists("web")).isFalse();
    assertThat(aws.mutatingRequests()).extracting(RecordedRequest::operation).containsExactly("DeleteLoadBalancer");
  }
}
