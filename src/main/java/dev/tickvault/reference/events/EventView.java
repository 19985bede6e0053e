package dev.tickvault.reference.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A calendar event on the wire; absent fields are left out, {@code version} is the value of its ETag. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record EventView(UUID id, String eventType, Instant eventAt, String name, int impact, String symbol,
        String currency, String country, BigDecimal actual, BigDecimal forecast, BigDecimal previous, String source,
        long version, Instant createdAt, Instant updatedAt) {
}
