/**
 * safeops for Terraform and OpenTofu: {@link dev.safeops.terraform.PlanReader} and {@link
 * dev.safeops.terraform.StateReader} for Terraform's JSON, the {@link
 * dev.safeops.terraform.StateGuard} that catches a swapped state, the {@link
 * dev.safeops.terraform.TerraformCli} runner, and {@link dev.safeops.terraform.GuardedTerraform},
 * which turns plan, apply and destroy into guarded actions for the core executor. Fakes for
 * tests are in {@code dev.safeops.terraform.testing}; {@code internal} is not API.
 */
package dev.safeops.terraform;
