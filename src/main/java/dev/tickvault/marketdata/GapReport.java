package dev.tickvault.marketdata;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Symbols;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(description = "A page of the bars missing from a series in [from, to).",
        requiredProperties = {"symbol", "timeframe", "from", "to", "calendar", "missing", "nextCursor"})
public record GapReport(
        @Schema(description = "Instrument symbol, upper-cased.", pattern = Symbols.PATTERN, examples = "^GSPC") String symbol,
        @Schema(description = "Bar length of the series.", enumeration = {"1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"}, examples = "1d") String timeframe,
        @Schema(description = "Start of the whole report's range (inclusive), RFC 3339 in UTC; the same on every "
                + "page.", examples = "2008-01-01T00:00:00Z") Instant from,
        @Schema(description = "End of the whole report's range (exclusive), RFC 3339 in UTC; the same on every page.",
                examples = "2009-01-01T00:00:00Z") Instant to,
        @Schema(description = "Which days are expected to have a daily bar: weekdays, or all.",
                enumeration = {"weekdays", "all"}, examples = "weekdays") String calendar,
        @Schema(description = "The missing entries, oldest first, at most limit: dates (2001-09-11) for daily bars, "
                + "slot open times (RFC 3339, UTC) inside days with data for intraday bars.",
                examples = "[\"2008-01-21\"]") List<String> missing,
        @Schema(description = "Opaque cursor to pass as cursor for the next page; null on the last page.")
        String nextCursor) {
}
