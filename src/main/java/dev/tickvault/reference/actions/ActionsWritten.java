package dev.tickvault.reference.actions;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to a batch of corporate actions: {@code received}; {@code inserted} (a new symbol, ex-date and
 * type), {@code updated} (one already stored, with another ratio, amount or note) and {@code unchanged}.
 */
@RegisterForReflection
public record ActionsWritten(int received, int inserted, int updated, int unchanged) {
}
