package dev.tickvault.marketdata;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * A page of the answer of {@code /gaps}: for daily bars the days (dates, {@code 2001-09-11}) in
 * {@code [from, to)} with no bar; for intraday bars the slot open times (RFC 3339, UTC) missing inside each
 * day that has data; oldest first, at most {@code limit} of them. {@code from} and {@code to} are the range
 * of the whole report, the same on every page; {@code nextCursor} continues after the last entry, and is
 * {@code null} (written, never left out) on the last page.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GapReport(String symbol, String timeframe, Instant from, Instant to, String calendar,
        List<String> missing, String nextCursor) {
}
