/**
 * Examples to copy, each a small program with a {@code main}: guarding an internal tool's AWS
 * calls with a chat approval channel, wrapping an agent's tools, running a guarded Terraform
 * apply, and a consumer's own job with its unit test ({@code SnapshotJanitorTest}) written
 * with the fakes of the {@code testing} packages. They run against those fakes, so they need
 * no cloud account; point the clients and the binary at the real thing to use them.
 */
package dev.safeops.examples.guide;
