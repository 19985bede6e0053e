package dev.tickvault.reference.economic;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Identifiers;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A series on the wire: its metadata and what it holds, {@code firstDate} and {@code lastDate} (the
 * observation dates, any vintage) and {@code latestVintage}, all {@code null} while it holds none.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
@Schema(description = "An economic series: its metadata and the range of what it holds. Example: BLS total nonfarm "
        + "employment in the sample data.")
public record EconomicSeriesView(
        @Schema(description = "The series id, upper-cased.", pattern = Identifiers.RULE, examples = "US.NONFARM")
        String seriesId,
        @Schema(description = "The series' title.", examples = "All employees, total nonfarm (FRED: PAYEMS)")
        String title,
        @Schema(description = "The unit of the values.", examples = "Thousands of persons") String units,
        @Schema(description = "How often the series is observed.", examples = "MONTHLY") Frequency frequency,
        @Schema(description = "Who publishes the series.",
                examples = "U.S. Bureau of Labor Statistics, via vega-datasets 3.2.1") String source,
        @Schema(description = "Notes; null when none.") String notes,
        @Schema(description = "The earliest observation date (any vintage), a plain ISO date; null while it holds "
                + "none.", examples = "2006-01-01") LocalDate firstDate,
        @Schema(description = "The latest observation date (any vintage), a plain ISO date; null while it holds none.",
                examples = "2015-12-01") LocalDate lastDate,
        @Schema(description = "The latest vintage (publication date), a plain ISO date; null while it holds none.",
                examples = "2016-01-08") LocalDate latestVintage,
        @Schema(description = "When the series was created, RFC 3339 in UTC.") Instant createdAt,
        @Schema(description = "When its metadata last changed, RFC 3339 in UTC.") Instant updatedAt) {
}
