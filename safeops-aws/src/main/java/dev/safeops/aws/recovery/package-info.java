/**
 * Recovery: whether backups would outlive the data stores they protect ({@link
 * dev.safeops.aws.recovery.BackupPosture}), and proof that they restore ({@link
 * dev.safeops.aws.recovery.RestoreDrill}).
 *
 * <pre>{@code
 * PostureReport report = BackupPosture.builder().rds(rds).dynamoDb(ddb).s3(s3).backup(backup).build().check();
 * report.findings();   // posture.irrecoverable-on-delete CRITICAL for a database that would take its backups with it
 *
 * DrillResult result = RestoreDrill.builder()
 *     .rds(rds).source(DrillSource.instance("courses-prod")).independentBackupsOnly(true)
 *     .check(DrillCheck.jdbcMinimum(copy -> dataSourceFor(copy), "SELECT COUNT(*) FROM submissions", 1_900_000))
 *     .auditSink(auditLog).environment(production)
 *     .addListener(alert -> pager.page(alert.message()))
 *     .build()
 *     .run();          // from the consumer's nightly scheduler
 * }</pre>
 */
package dev.safeops.aws.recovery;
