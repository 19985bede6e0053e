package dev.tickvault.reference.economic;

import dev.tickvault.common.Identifiers;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/**
 * The answer to a batch of observations: rows {@code received}; {@code inserted} (a date new in this
 * vintage), of which {@code revised} changed the value known from the vintage before; {@code unchanged}
 * (the date was already stored in this vintage with the same value and flag).
 */
@RegisterForReflection
@Schema(description = "What a batch of observations did, in rows.",
        requiredProperties = {"seriesId", "vintage", "received", "inserted", "revised", "unchanged"})
public record ObservationsWritten(
        @Schema(description = "The series id, upper-cased.", pattern = Identifiers.RULE, examples = "US.NONFARM")
        String seriesId,
        @Schema(description = "The vintage (publication date) written, a plain ISO date.", examples = "2016-01-08")
        LocalDate vintage,
        @Schema(description = "Observations in the body, rows.", minimum = "0", examples = "120") int received,
        @Schema(description = "Dates new in this vintage, rows.", minimum = "0", examples = "120") int inserted,
        @Schema(description = "Of those inserted, the ones whose value differs from the vintage before, rows.",
                minimum = "0", examples = "0") int revised,
        @Schema(description = "Dates already stored in this vintage with the same value and flag, rows.",
                minimum = "0", examples = "0") int unchanged) {
}
