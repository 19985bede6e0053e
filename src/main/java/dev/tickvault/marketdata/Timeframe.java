package dev.tickvault.marketdata;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The bar timeframes of DESIGN 2, with their length in seconds. */
public enum Timeframe {
    M1("1m", 60),
    M5("5m", 300),
    M15("15m", 900),
    M30("30m", 1_800),
    H1("1h", 3_600),
    H4("4h", 14_400),
    D1("1d", 86_400),
    W1("1w", 604_800);

    /** A test of the timeframe column against parameter {@code $2}, optionally qualified ({@code o.timeframe}). */
    private static final Pattern TIMEFRAME_PARAMETER = Pattern.compile("\\b((?:\\w+\\.)?timeframe) = \\$2(?!\\d)");

    private final String code;
    private final long seconds;
    /** {@link #pinned} per statement: the statements are the repositories' constants, so this stays small. */
    private final Map<String, String> pinnedStatements = new ConcurrentHashMap<>();

    Timeframe(String code, long seconds) {
        this.code = code;
        this.seconds = seconds;
    }

    /** The wire and database name: {@code 1m}, {@code 1h}, {@code 1d}, ... */
    public String code() {
        return code;
    }

    /**
     * A read statement whose timeframe is parameter {@code $2}, with this timeframe also written into its text:
     * each {@code timeframe = $2} becomes {@code timeframe = $2 AND timeframe = '1m'}. The bars are partitioned
     * by timeframe first (LIST), and PostgreSQL prunes on a literal when it plans (manual 5.11.4), so the plan of
     * a prepared statement holds the partitions of one timeframe instead of all of them. That keeps the generic
     * plan cheaper than planning anew, and PostgreSQL's plan cache keeps it (manual, PREPARE, "plan_cache_mode"):
     * with the timeframe as a parameter alone it chose a custom plan for every latest-bar read, planning costing
     * ten times the execution. The parameter stays in the statement, so its arguments do not change.
     */
    public String pinned(String statement) {
        return pinnedStatements.computeIfAbsent(statement, sql -> TIMEFRAME_PARAMETER.matcher(sql)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " = $2 AND " + m.group(1) + " = '" + code + "'")));
    }

    /** The length of one bar in seconds. */
    public long seconds() {
        return seconds;
    }

    /**
     * Whether a bar's open time must fall on a multiple of the timeframe since the Unix epoch. True up to
     * one hour; 4h, daily and weekly bars open whenever the venue's session does.
     */
    public boolean alignedToEpoch() {
        return seconds <= 3_600;
    }

    /** Whether bars of this timeframe are intraday (shorter than a day). */
    public boolean intraday() {
        return seconds < 86_400;
    }

    /** Every timeframe, once: {@code values()} copies the array on each call, and this is looked up a bar at a time. */
    private static final Timeframe[] ALL = values();

    /** Looks a timeframe up by its code; empty when unknown. */
    public static Optional<Timeframe> of(String code) {
        if (code != null) {
            for (Timeframe tf : ALL) {
                if (tf.code.equals(code)) {
                    return Optional.of(tf);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Parses the {@code timeframe} query parameter.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when missing or unknown
     */
    public static Timeframe fromQuery(String code) {
        if (code == null || code.isEmpty()) {
            throw dev.tickvault.common.Problems.badRequest("Query parameter 'timeframe' is required: one of " + codes());
        }
        return of(code).orElseThrow(() -> dev.tickvault.common.Problems.badRequest(
                "Unknown timeframe '" + code + "': expected one of " + codes()));
    }

    /** The codes, comma-separated, for messages. */
    public static String codes() {
        return "1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w";
    }
}
