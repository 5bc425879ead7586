/**
 * Fakes for consumers' tests, shipped in the main jar: {@link
 * dev.safeops.terraform.testing.FakeTerraform}, a scripted {@code terraform} binary.
 */
package dev.safeops.terraform.testing;
