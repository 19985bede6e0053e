package dev.tickvault.reference.economic;

import dev.tickvault.common.Timestamps;
import dev.tickvault.common.ValueRules;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One observation as posted: the period's {@code date} (a plain ISO date, {@code 2015-12-01} for December
 * 2015, as FRED dates a period by its first day), its {@code value} (a decimal that fits
 * {@code NUMERIC(20,8)}) and whether the publisher marked it {@code preliminary} (default false). The vintage
 * is the request's, not the row's.
 */
@Schema(description = "One observation to record under the request's vintage. Example: BLS total nonfarm "
        + "employment for January 2006, thousands of persons.", requiredProperties = {"date", "value"})
public record NewObservation(
        @Schema(description = "The period's date, a plain ISO date (yyyy-MM-dd, years 1 to 9999); a period is dated "
                + "by its first day, as FRED dates it.", examples = "2006-01-01") LocalDate date,
        @Schema(description = "The value, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).", examples = "135450") BigDecimal value,
        @Schema(description = "Whether the publisher marked the value preliminary; false when absent.",
                examples = "false") boolean preliminary) {

    /** The message of a date that is not a plain ISO date. */
    static final String NOT_A_DATE = "must be a date such as 2015-12-01";

    /**
     * A plain ISO date ({@code yyyy-MM-dd}, years 1 to 9999), or {@code null} with a fault.
     */
    static LocalDate date(String text, String field, ValueRules.Reporter report) {
        Instant midnight = Timestamps.parseDate(text);
        if (midnight == null) {
            report.fault(field, NOT_A_DATE);
            return null;
        }
        LocalDate date = LocalDate.ofInstant(midnight, ZoneOffset.UTC);
        if (date.getYear() < 1) {
            report.fault(field, "must be in the years 1 to 9999");
            return null;
        }
        return date;
    }
}
