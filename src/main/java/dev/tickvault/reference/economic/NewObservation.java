package dev.tickvault.reference.economic;

import dev.tickvault.common.Timestamps;
import dev.tickvault.common.ValueRules;

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
public record NewObservation(LocalDate date, BigDecimal value, boolean preliminary) {

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
