package dev.tickvault.marketdata;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The outcome of {@code POST /api/v1/bars}, in rows: {@code received} = {@code inserted} + {@code updated}
 * + {@code unchanged}; an existing bar sent again with the same values is unchanged and not rewritten.
 */
@RegisterForReflection
public record IngestResult(int received, int inserted, int updated, int unchanged) {
}
