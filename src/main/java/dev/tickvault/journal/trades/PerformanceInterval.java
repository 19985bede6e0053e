package dev.tickvault.journal.trades;

import dev.tickvault.common.Problems;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The {@code interval} of a performance record: {@code 1h}, {@code 4h}, {@code 1d} (the default), {@code 1w}, or
 * an ISO-8601 duration of weeks, days, hours or minutes ({@code P7D}, {@code PT12H}). Intervals align as
 * {@code resample}'s buckets do (origin Monday 2000-01-03 UTC: days start at midnight UTC, weeks on Monday);
 * months and years have no fixed length and are refused.
 */
public record PerformanceInterval(String label, long seconds) {

    /** The default: one day. */
    public static final PerformanceInterval DAY = new PerformanceInterval("1d", 86_400);

    /**
     * Parses the parameter.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is not such an interval
     */
    public static PerformanceInterval parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DAY;
        }
        switch (raw) {
            case "1h" -> {
                return new PerformanceInterval(raw, 3_600);
            }
            case "4h" -> {
                return new PerformanceInterval(raw, 14_400);
            }
            case "1d" -> {
                return DAY;
            }
            case "1w" -> {
                return new PerformanceInterval(raw, 604_800);
            }
            default -> {
                // an ISO-8601 duration below
            }
        }
        String upper = raw.toUpperCase(Locale.ROOT);
        try {
            long seconds;
            if (!upper.contains("T")) {
                Period period = Period.parse(upper);
                if (period.getYears() != 0 || period.getMonths() != 0) {
                    throw refused(raw);
                }
                seconds = period.getDays() * 86_400L;
            } else {
                Duration duration = Duration.parse(upper);
                seconds = duration.getSeconds();
                if (duration.getNano() != 0 || seconds % 60 != 0) {
                    throw refused(raw);
                }
            }
            if (seconds <= 0) {
                throw refused(raw);
            }
            return new PerformanceInterval(raw, seconds);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw refused(raw);
        }
    }

    private static RuntimeException refused(String raw) {
        return Problems.badRequest("Query parameter 'interval' must be 1h, 4h, 1d, 1w or a positive ISO-8601 duration "
                + "of weeks, days, hours or whole minutes (P7D, PT12H), not '" + raw + "'");
    }
}
