package dev.tickvault.idempotency;

/**
 * The identity of an idempotent request: the caller's API key id, the {@code Idempotency-Key} header, and
 * what the key must be reused with (method, path with query, SHA-256 of the body in hex).
 */
public record IdempotencyKey(String caller, String key, String method, String path, String hash) {
}
