package dev.tickvault.marketdata;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Symbols;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** One answer of an as-of lookup: the point asked for and its bar, {@code null} when none qualifies. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
@Schema(description = "One answer of an as-of lookup: the point asked for and the last bar at or before it.",
        requiredProperties = {"symbol", "ts", "bar"})
public record AsOfBar(
        @Schema(description = "Instrument symbol, upper-cased.", pattern = Symbols.PATTERN, examples = "^GSPC") String symbol,
        @Schema(description = "The point asked for, RFC 3339 in UTC.", examples = "2020-04-17T00:00:00Z") Instant ts,
        @Schema(description = "The bar that held at ts; null when none qualifies.") Bar bar) {
}
