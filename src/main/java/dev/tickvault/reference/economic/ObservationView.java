package dev.tickvault.reference.economic;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One date's value as known at the asked time: the value, the vintage it was published in, and its flag. */
@RegisterForReflection
public record ObservationView(LocalDate date, BigDecimal value, LocalDate vintage, boolean preliminary) {
}
