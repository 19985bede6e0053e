package dev.tickvault.reference.actions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A corporate action on the wire; a split has {@code ratio}, a dividend {@code amount}; absent fields are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record CorporateActionView(UUID id, String symbol, LocalDate exDate, ActionType type, BigDecimal ratio,
        BigDecimal amount, String note, Instant recordedAt, Instant updatedAt) {
}
