/**
 * Fakes for consumers' unit tests, shipped in the main jar: approvals that answer as scripted,
 * an audit sink that records, a clock you set, a guarded action that counts, and SSH keys
 * that sign approvals as {@code ssh-keygen -Y sign} does. Each is a real
 * implementation of the public interface, not a mock, and is thread-safe.
 */
package dev.safeops.core.testing;
