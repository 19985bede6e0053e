package dev.tickvault.reference.news;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to a batch of articles: {@code received}; {@code inserted} (a new URL), {@code updated} (a URL
 * already stored, with other values) and {@code unchanged} (a URL stored with the same values, not rewritten).
 */
@RegisterForReflection
public record NewsWritten(int received, int inserted, int updated, int unchanged) {
}
