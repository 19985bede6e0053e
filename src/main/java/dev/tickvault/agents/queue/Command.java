package dev.tickvault.agents.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;
import java.util.UUID;

/**
 * A command on the wire (DESIGN 5). {@code payload} is the JSON object as stored, written as is;
 * {@code attempts} counts the claims so far; {@code leaseExpiresAt} and {@code leasedBy} (the caller's key
 * id) are set while the command is LEASED.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Command(UUID id, String agentId, String type, @JsonRawValue String payload, int priority,
        CommandStatus status, int attempts, Instant notBefore, String leasedBy, Instant leaseExpiresAt,
        String lastError, Instant createdAt, Instant updatedAt) {
}
