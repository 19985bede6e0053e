package dev.tickvault.marketdata;

import dev.tickvault.common.Problems;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;

/**
 * The {@code bucket} of a resample: a timeframe code ({@code 1w}) or an ISO-8601 duration of days,
 * weeks, hours, minutes or seconds ({@code P7D}, {@code P1W}, {@code PT4H}). Months and years have no
 * fixed length and are refused, as {@code date_bin} refuses them (PostgreSQL 9.9.3).
 */
public record Bucket(String label, long seconds) {

    /**
     * Parses the parameter and checks it is wider than the source timeframe.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when missing, unreadable or not wider
     */
    public static Bucket parse(String raw, Timeframe source) {
        return parse(raw, source, false);
    }

    /**
     * Parses the parameter and checks it is wider than the source timeframe, or as wide when {@code sameWidth}
     * allows it (a gap-filled series at its own timeframe).
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when missing, unreadable or narrower
     */
    public static Bucket parse(String raw, Timeframe source, boolean sameWidth) {
        if (raw == null || raw.isEmpty()) {
            throw Problems.badRequest("Query parameter 'bucket' is required: a timeframe (" + Timeframe.codes()
                    + ") or an ISO-8601 duration such as P7D");
        }
        long seconds = Timeframe.of(raw).map(Timeframe::seconds).orElseGet(() -> isoSeconds(raw));
        if (seconds < source.seconds() || seconds == source.seconds() && !sameWidth) {
            throw Problems.badRequest("Query parameter 'bucket' (" + raw + ") must be wider than the source timeframe "
                    + source.code() + (sameWidth ? " or as wide" : " (as wide only with a fill)"));
        }
        return new Bucket(raw, seconds);
    }

    private static long isoSeconds(String raw) {
        String upper = raw.toUpperCase(java.util.Locale.ROOT);
        try {
            long seconds;
            if (!upper.contains("T")) {
                Period period = Period.parse(upper);
                if (period.getYears() != 0 || period.getMonths() != 0) {
                    throw Problems.badRequest("Query parameter 'bucket' (" + raw + ") may use weeks, days, hours, "
                            + "minutes and seconds; months and years have no fixed length");
                }
                seconds = period.getDays() * 86_400L;
            } else {
                Duration duration = Duration.parse(upper);
                if (duration.getNano() != 0) {
                    throw new DateTimeParseException("fractional seconds", raw, 0);
                }
                seconds = duration.getSeconds();
            }
            if (seconds <= 0) {
                throw new DateTimeParseException("not positive", raw, 0);
            }
            return seconds;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw Problems.badRequest("Query parameter 'bucket' must be a timeframe (" + Timeframe.codes()
                    + ") or a positive ISO-8601 duration such as P7D or PT4H, not '" + raw + "'");
        }
    }
}
