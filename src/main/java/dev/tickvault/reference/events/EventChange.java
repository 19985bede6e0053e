package dev.tickvault.reference.events;

import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/**
 * The body of {@code PATCH /api/v1/events/{id}}: the figures known since the event was posted, {@code actual}
 * once released (and a revised {@code forecast} or {@code previous}); at least one of them. A field left out
 * keeps its value.
 */
@Schema(description = "The figures known since an event was posted; at least one of them. A field left out keeps "
        + "its value.")
public record EventChange(
        @Schema(description = "The released figure, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).") BigDecimal actual,
        @Schema(description = "A revised forecast, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).") BigDecimal forecast,
        @Schema(description = "A revised previous figure, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).") BigDecimal previous) {

    /** Reads a change, adding a fault for each broken rule; {@code null} when any rule is broken. */
    public static EventChange read(FieldReader in, Faults faults) {
        int before = faults.total();
        EventChange change = new EventChange(in.decimal("actual", false), in.decimal("forecast", false),
                in.decimal("previous", false));
        if (faults.total() == before && change.actual() == null && change.forecast() == null
                && change.previous() == null) {
            in.fault("actual", "is required: a change records actual (or forecast, previous)");
        }
        return faults.total() == before ? change : null;
    }
}
