package dev.tickvault.reference.economic;

import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;

/**
 * A series' metadata as sent to {@code PUT /api/v1/economic/{seriesId}}: {@code title} (up to 500
 * characters), {@code units} (200, such as "Thousands of Persons"), {@code frequency}, {@code source}
 * (200) required; {@code notes} (10,000) optional.
 */
public record NewSeries(String title, String units, Frequency frequency, String source, String notes) {

    /** Reads the metadata, adding a fault for each broken rule; {@code null} when any rule is broken. */
    public static NewSeries read(FieldReader in, Faults faults) {
        int before = faults.total();
        NewSeries series = new NewSeries(in.text("title", true, 500), in.text("units", true, 200),
                in.oneOf("frequency", Frequency.class, true), in.text("source", true, 200),
                in.text("notes", false, 10_000));
        return faults.total() == before ? series : null;
    }
}
