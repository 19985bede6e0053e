package dev.tickvault.reference.economic;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One date's value as known at the asked time: the value, the vintage it was published in, and its flag. */
@RegisterForReflection
@Schema(description = "One date's value as known at the time asked.",
        requiredProperties = {"date", "value", "vintage", "preliminary"})
public record ObservationView(
        @Schema(description = "The period's date (its first day), a plain ISO date.", examples = "2006-01-01")
        LocalDate date,
        @Schema(description = "The value, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).", examples = "135450") BigDecimal value,
        @Schema(description = "The vintage (publication date) the value was published in, a plain ISO date.",
                examples = "2016-01-08") LocalDate vintage,
        @Schema(description = "Whether the publisher marked the value preliminary.", examples = "false")
        boolean preliminary) {
}
