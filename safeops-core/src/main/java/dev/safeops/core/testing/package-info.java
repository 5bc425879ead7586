/**
 * Fakes for consumers' unit tests, shipped in the main jar: approvals that answer as scripted,
 * an audit sink that records, a clock you set, and a guarded action that counts. Each is a real
 * implementation of the public interface, not a mock, and is thread-safe.
 */
package dev.safeops.core.testing;
