package dev.tickvault.reference.economic;

import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A series' metadata as sent to {@code PUT /api/v1/economic/{seriesId}}: {@code title} (up to 500
 * characters), {@code units} (200, such as "Thousands of Persons"), {@code frequency}, {@code source}
 * (200) required; {@code notes} (10,000) optional.
 */
@Schema(description = "A series' metadata. Example: BLS total nonfarm employment in the sample data.",
        requiredProperties = {"title", "units", "frequency", "source"})
public record NewSeries(
        @Schema(description = "The series' title.", maxLength = 500,
                examples = "All employees, total nonfarm (FRED: PAYEMS)") String title,
        @Schema(description = "The unit of the values.", maxLength = 200, examples = "Thousands of persons")
        String units,
        @Schema(description = "How often the series is observed.", examples = "MONTHLY") Frequency frequency,
        @Schema(description = "Who publishes the series.", maxLength = 200,
                examples = "U.S. Bureau of Labor Statistics, via vega-datasets 3.2.1") String source,
        @Schema(description = "Notes.", maxLength = 10_000) String notes) {

    /** Reads the metadata, adding a fault for each broken rule; {@code null} when any rule is broken. */
    public static NewSeries read(FieldReader in, Faults faults) {
        int before = faults.total();
        NewSeries series = new NewSeries(in.text("title", true, 500), in.text("units", true, 200),
                in.oneOf("frequency", Frequency.class, true), in.text("source", true, 200),
                in.text("notes", false, 10_000));
        return faults.total() == before ? series : null;
    }
}
