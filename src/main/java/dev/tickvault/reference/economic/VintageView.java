package dev.tickvault.reference.economic;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/**
 * One vintage of a series: how many observations were published on that date, how many of them were
 * first releases (no earlier vintage of their date) and how many revised the value of the vintage before,
 * and the range of dates they cover.
 */
@RegisterForReflection
@Schema(description = "One vintage of a series: what was published on that date.",
        requiredProperties = {"vintage", "observations", "firstReleases", "revised", "firstDate", "lastDate"})
public record VintageView(
        @Schema(description = "The publication date, a plain ISO date.", examples = "2016-01-08") LocalDate vintage,
        @Schema(description = "Observations published in it, rows.", minimum = "0", examples = "120")
        long observations,
        @Schema(description = "Of those, first releases (no earlier vintage of their date), rows.", minimum = "0",
                examples = "120") long firstReleases,
        @Schema(description = "Of those, the ones that revised the value of the vintage before, rows.",
                minimum = "0", examples = "0") long revised,
        @Schema(description = "The earliest date it covers, a plain ISO date.", examples = "2006-01-01")
        LocalDate firstDate,
        @Schema(description = "The latest date it covers, a plain ISO date.", examples = "2015-12-01")
        LocalDate lastDate) {
}
