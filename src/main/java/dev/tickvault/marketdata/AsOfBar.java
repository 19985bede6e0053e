package dev.tickvault.marketdata;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** One answer of an as-of lookup: the point asked for and its bar, {@code null} when none qualifies. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
public record AsOfBar(String symbol, Instant ts, Bar bar) {
}
