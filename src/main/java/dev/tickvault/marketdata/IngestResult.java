package dev.tickvault.marketdata;

/**
 * The outcome of {@code POST /api/v1/bars}, in rows: {@code received} = {@code inserted} + {@code updated}
 * + {@code unchanged}; an existing bar sent again with the same values is unchanged and not rewritten.
 */
public record IngestResult(int received, int inserted, int updated, int unchanged) {
}
