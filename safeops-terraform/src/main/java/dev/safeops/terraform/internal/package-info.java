/** Implementation of safeops-terraform; not API, may change without notice. */
package dev.safeops.terraform.internal;
