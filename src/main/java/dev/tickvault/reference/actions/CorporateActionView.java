package dev.tickvault.reference.actions;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Symbols;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A corporate action on the wire; a split has {@code ratio}, a dividend {@code amount}; absent fields are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
@Schema(description = "A recorded corporate action: a split has ratio, a dividend amount; absent fields are left out.",
        requiredProperties = {"id", "symbol", "exDate", "type", "recordedAt", "updatedAt"})
public record CorporateActionView(
        @Schema(description = "The action's id.") UUID id,
        @Schema(description = "Instrument symbol, upper-cased.", pattern = Symbols.PATTERN, examples = "AAPL") String symbol,
        @Schema(description = "The ex-date, a plain ISO date: the first day the share trades without it.",
                examples = "2014-06-09") LocalDate exDate,
        @Schema(description = "The kind of action.", examples = "split") ActionType type,
        @Schema(description = "A split's new shares per old share (2 for 2-for-1, 0.1 for 1-for-10), an exact decimal, at most 8 decimal places (NUMERIC(20,8)).",
                examples = "7") BigDecimal ratio,
        @Schema(description = "A dividend's cash per share in the price's currency, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).") BigDecimal amount,
        @Schema(description = "A note.", examples = "7-for-1 stock split") String note,
        @Schema(description = "When tickvault recorded it, RFC 3339 in UTC.") Instant recordedAt,
        @Schema(description = "When it last changed, RFC 3339 in UTC.") Instant updatedAt) {
}
