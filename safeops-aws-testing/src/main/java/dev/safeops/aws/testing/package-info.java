/**
 * Fakes for consumers' tests, shipped in the main jar: {@link dev.safeops.aws.testing.FakeAws},
 * a loopback AWS endpoint that real SDK v2 clients talk to (RDS, EC2, S3, STS, DynamoDB, ECS,
 * ELBv2, AWS Backup), seeded with {@link dev.safeops.aws.testing.FakeAwsSeed}, inspected with
 * {@link dev.safeops.aws.testing.FakeAwsState} and {@link dev.safeops.aws.testing.RecordedRequest},
 * and reached through clients from {@link dev.safeops.aws.testing.FakeAwsClients}.
 */
package dev.safeops.aws.testing;
