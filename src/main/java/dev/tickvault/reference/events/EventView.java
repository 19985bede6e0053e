package dev.tickvault.reference.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Identifiers;
import dev.tickvault.common.Symbols;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A calendar event on the wire; absent fields are left out, {@code version} is the value of its ETag. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
@Schema(description = "A calendar event; absent fields are left out. Example: an NYSE closure of the sample data.",
        requiredProperties = {"id", "eventType", "eventAt", "name", "impact", "source", "version", "createdAt",
                "updatedAt"})
public record EventView(
        @Schema(description = "The event's id.") UUID id,
        @Schema(description = "The kind of event, an identifier (cpi_release, earnings, market_closure).",
                pattern = Identifiers.RULE, examples = "market_closure") String eventType,
        @Schema(description = "When the event happens, RFC 3339 in UTC.", examples = "2001-09-11T00:00:00Z")
        Instant eventAt,
        @Schema(description = "The event's name.", examples = "NYSE closed: September 11 attacks") String name,
        @Schema(description = "Expected impact, 1 (low) to 4 (highest).", minimum = "1", maximum = "4",
                examples = "4") int impact,
        @Schema(description = "Instrument symbol the event concerns, upper-cased.", pattern = Symbols.PATTERN) String symbol,
        @Schema(description = "ISO 4217 currency code, upper-cased.", pattern = "^[A-Z]{3}$", examples = "USD")
        String currency,
        @Schema(description = "ISO 3166-1 alpha-2 country code, upper-cased.", pattern = "^[A-Z]{2}$",
                examples = "US") String country,
        @Schema(description = "The released figure, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).") BigDecimal actual,
        @Schema(description = "The forecast figure, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).") BigDecimal forecast,
        @Schema(description = "The previous figure, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).") BigDecimal previous,
        @Schema(description = "Who published the event.", examples = "NYSE (public record)") String source,
        @Schema(description = "The event's version, the value of its ETag; sent back in If-Match.", minimum = "0")
        long version,
        @Schema(description = "When tickvault recorded it, RFC 3339 in UTC.") Instant createdAt,
        @Schema(description = "When it last changed, RFC 3339 in UTC.") Instant updatedAt) {
}
