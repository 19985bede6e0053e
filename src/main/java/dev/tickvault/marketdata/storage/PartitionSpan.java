package dev.tickvault.marketdata.storage;

import dev.tickvault.marketdata.Timeframe;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * How much time one leaf partition of {@code market_data.ohlcv} spans, in UTC: the unit of PostgreSQL's
 * {@code date_trunc} that {@code market_data.ensure_ohlcv_partition} cuts partitions with (weeks start on
 * Monday, decades on years divisible by ten, as {@code date_trunc} has them).
 */
public enum PartitionSpan {
    DAY, WEEK, MONTH, YEAR, DECADE;

    /** The name the database function takes: {@code day}, {@code week}, {@code month}, ... */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks a span up by its name; empty when unknown. */
    public static Optional<PartitionSpan> of(String code) {
        for (PartitionSpan span : values()) {
            if (span.code().equals(code)) {
                return Optional.of(span);
            }
        }
        return Optional.empty();
    }

    /**
     * The span each timeframe gets unless configured otherwise (DESIGN 8): a month for 1m to 30m, a year for
     * 1h and 4h, a decade for 1d and 1w, so that a partition holds some tens of millions of bars at most for
     * hundreds of symbols.
     */
    public static PartitionSpan defaultFor(Timeframe timeframe) {
        return switch (timeframe) {
            case M1, M5, M15, M30 -> MONTH;
            case H1, H4 -> YEAR;
            case D1, W1 -> DECADE;
        };
    }

    /** The start of the span holding {@code ts}, as {@code date_trunc(code(), ts AT TIME ZONE 'UTC')}. */
    public Instant start(Instant ts) {
        LocalDateTime t = LocalDateTime.ofInstant(ts, ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        LocalDateTime start = switch (this) {
            case DAY -> t;
            case WEEK -> t.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            case MONTH -> t.withDayOfMonth(1);
            case YEAR -> t.withDayOfYear(1);
            case DECADE -> t.withDayOfYear(1).withYear(Math.floorDiv(t.getYear(), 10) * 10);
        };
        return start.toInstant(ZoneOffset.UTC);
    }

    /** The start of the span after the one holding {@code ts}. */
    public Instant next(Instant ts) {
        LocalDateTime start = LocalDateTime.ofInstant(start(ts), ZoneOffset.UTC);
        LocalDateTime next = switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            case YEAR -> start.plusYears(1);
            case DECADE -> start.plusYears(10);
        };
        return next.toInstant(ZoneOffset.UTC);
    }
}
