package dev.tickvault.marketdata;

import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;

import dev.tickvault.common.Symbols;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The body of {@code POST /api/v1/bars/asof} (DESIGN 8), after validation: the bars' {@code timeframe}; up to
 * {@value #MAX_POINTS} {@code points} of {@code symbol} and {@code ts} (RFC 3339); {@code tolerance} (an ISO-8601
 * duration of weeks, days, hours, minutes or seconds, 0 or more), how long before {@code ts} the bar may have
 * ended, none when absent; {@code closed} (default true): the newest bar completed by {@code ts}
 * ({@code bar.ts + timeframe <= ts}), or with {@code false} the newest one opened by {@code ts}, the bar in
 * progress at {@code ts} when there is one.
 */
@Schema(name = "AsOfQuery", description = "An as-of lookup: for each point, the newest bar of the timeframe at ts.",
        requiredProperties = {"timeframe", "points"})
public record AsOfQuery(
        @Schema(description = "Bar length.", type = SchemaType.STRING,
                enumeration = {"1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"}, examples = "1d")
        Timeframe timeframe,
        @Schema(name = "tolerance", type = SchemaType.STRING, description = "How long before ts the bar may have "
                + "ended, an ISO 8601 duration of weeks, days, hours, minutes or seconds; no limit when absent.",
                examples = "P3D")
        Long toleranceSeconds,
        @Schema(description = "true (default): the newest bar completed by ts (ts of the bar + timeframe <= ts); "
                + "false: the newest bar opened by ts.", defaultValue = "true")
        boolean closed,
        @Schema(description = "The points, 1 to 10,000; more is a 413.", minItems = 1, maxItems = MAX_POINTS)
        List<Point> points) {

    /** Most points in one lookup; more is 413. */
    public static final int MAX_POINTS = 10_000;

    /** One point: a symbol and the time at which its bar is asked for. */
    @Schema(name = "AsOfPoint", requiredProperties = {"symbol", "ts"})
    public record Point(
            @Schema(description = "Instrument symbol.", pattern = Symbols.PATTERN, examples = "^GSPC") String symbol,
            @Schema(description = "The time to look up, RFC 3339 in UTC.", examples = "2020-04-17T20:00:00Z")
            Instant ts) {

        /** Reads one point; {@code null} when a rule is broken. */
        static Point read(FieldReader in, Faults faults) {
            int before = faults.total();
            Point point = new Point(in.symbol("symbol"), in.timestamp("ts", true));
            return faults.total() == before ? point : null;
        }
    }

    /**
     * Reads the body, adding a fault for each broken rule; {@code null} when any rule is broken.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 413 with more than {@value #MAX_POINTS} points
     */
    public static AsOfQuery read(FieldReader in, Faults faults) {
        int before = faults.total();
        String code = in.text("timeframe", true, 8);
        Timeframe tf = null;
        if (code != null) {
            tf = Timeframe.of(code).orElse(null);
            if (tf == null) {
                in.fault("timeframe", "must be one of " + Timeframe.codes());
            }
        }
        String tolerance = in.text("tolerance", false, 64);
        Long seconds = null;
        if (tolerance != null) {
            seconds = durationSeconds(tolerance);
            if (seconds == null) {
                in.fault("tolerance", "must be an ISO-8601 duration of weeks, days, hours, minutes or seconds, 0 or"
                        + " more (PT5M, P1D)");
            }
        }
        Boolean closed = in.bool("closed", false);
        List<Point> points = in.objects("points", true, MAX_POINTS, Point::read);
        if (faults.total() != before) {
            return null;
        }
        return new AsOfQuery(tf, seconds, closed == null || closed, points);
    }

    /** Whole seconds of a fixed-length ISO-8601 duration, {@code null} when it is none or negative. */
    static Long durationSeconds(String raw) {
        String upper = raw.toUpperCase(Locale.ROOT);
        try {
            long seconds;
            if (!upper.contains("T")) {
                Period period = Period.parse(upper);
                if (period.getYears() != 0 || period.getMonths() != 0) {
                    return null;
                }
                seconds = period.getDays() * 86_400L;
            } else {
                Duration duration = Duration.parse(upper);
                if (duration.getNano() != 0) {
                    return null;
                }
                seconds = duration.getSeconds();
            }
            return seconds < 0 ? null : seconds;
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
