package dev.tickvault.reference.economic;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.LocalDate;

/**
 * The answer to a batch of observations: rows {@code received}; {@code inserted} (a date new in this
 * vintage), of which {@code revised} changed the value known from the vintage before; {@code unchanged}
 * (the date was already stored in this vintage with the same value and flag).
 */
@RegisterForReflection
public record ObservationsWritten(String seriesId, LocalDate vintage, int received, int inserted, int revised,
        int unchanged) {
}
