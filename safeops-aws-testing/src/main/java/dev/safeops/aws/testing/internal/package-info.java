/**
 * The fake AWS endpoint's implementation: SigV4-scope dispatch, one handler per service
 * protocol, and the account state. Not for consumers; use {@code dev.safeops.aws.testing}.
 */
package dev.safeops.aws.testing.internal;
