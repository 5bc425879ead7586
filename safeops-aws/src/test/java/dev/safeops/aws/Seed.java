package dev.safeops.aws;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** A small production-like stack, created through unguarded clients the way an operator would. */
record Seed(String vpcId, String subnetA, String subnetB, String securityGroupId, String instanceId,
    String volumeId, String snapshotId, String loadBalancerArn) {

  static final String STAGING_DB = "courses-staging";
  static final String PROD_DB = "courses-prod";
  static final String BUCKET = "courses-uploads";
  static final String TABLE = "courses-submissions";
  static final String CLUSTER = "courses";
  static final String SERVICE = "web";
  static final String VAULT = "courses-vault";

  static Seed create(AwsClients admin) {
    for (String db : new String[] {STAGING_DB, PROD_DB}) {
      admin.rds.createDBInstance(r -> r.dbInstanceIdentifier(db).engine("postgres").dbInstanceClass("db.t3.micro")
          .allocatedStorage(20).masterUsername("courses").masterUserPassword("not-a-secret-1")
          .backupRetentionPeriod(7).deletionProtection(db.equals(PROD_DB)));
    }
    String vpc = admin.ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    String subnetA = admin.ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a"))
        .subnet().subnetId();
    String subnetB = admin.ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone("us-east-1b"))
        .subnet().subnetId();
    String sg = admin.ec2.createSecurityGroup(r -> r.groupName("bastion").description("bastion").vpcId(vpc)).groupId();
    String ami = "ami-03cf127a"; // one of the images moto ships
    String instance = admin.ec2.runInstances(r -> r.imageId(ami).minCount(1).maxCount(1)
        .instanceType(InstanceType.T3_MICRO).subnetId(subnetA)).instances().get(0).instanceId();
    String volume = admin.ec2.createVolume(r -> r.size(8).availabilityZone("us-east-1a")).volumeId();
    String snapshot = admin.ec2.createSnapshot(r -> r.volumeId(volume)).snapshotId();

    admin.s3.createBucket(r -> r.bucket(BUCKET));
    admin.s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    admin.s3.putObject(r -> r.bucket(BUCKET).key("submissions/1.txt"), RequestBody.fromString("answer"));

    admin.dynamoDb.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build()));
    admin.dynamoDb.updateContinuousBackups(r -> r.tableName(TABLE)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));

    admin.ecs.createCluster(r -> r.clusterName(CLUSTER));
    admin.ecs.registerTaskDefinition(r -> r.family(SERVICE)
        .containerDefinitions(ContainerDefinition.builder().name(SERVICE).image("nginx").memory(128).build()));
    admin.ecs.createService(r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(SERVICE).desiredCount(1));

    String lb = admin.elb.createLoadBalancer(r -> r.name("courses-lb").subnets(subnetA, subnetB))
        .loadBalancers().get(0).loadBalancerArn();
    admin.backup.createBackupVault(r -> r.backupVaultName(VAULT));
    return new Seed(vpc, subnetA, subnetB, sg, instance, volume, snapshot, lb);
  }
}
