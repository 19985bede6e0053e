package dev.tickvault.marketdata;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code /gaps}: for daily bars the weekdays (dates, {@code 2001-09-11}) in
 * {@code [from, to)} with no bar; for intraday bars the slot open times (RFC 3339) missing between the
 * first and last bar of each day that has data.
 */
@RegisterForReflection
public record GapReport(String symbol, String timeframe, Instant from, Instant to, String calendar,
        List<String> missing) {
}
