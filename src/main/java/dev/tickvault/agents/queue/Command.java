package dev.tickvault.agents.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.tickvault.common.Identifiers;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * A command on the wire (DESIGN 5). {@code payload} is the JSON object as stored, written as is;
 * {@code attempts} counts the claims so far; {@code leaseExpiresAt} and {@code leasedBy} (the caller's key
 * id) are set while the command is LEASED.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A queued command; absent fields are left out.",
        requiredProperties = {"id", "agentId", "type", "payload", "priority", "status", "attempts", "createdAt",
                "updatedAt"})
public record Command(
        @Schema(description = "The command's id.") UUID id,
        @Schema(description = "The agent whose queue holds it, an identifier (case-sensitive).", pattern = Identifiers.RULE,
                examples = "vix-trader") String agentId,
        @Schema(description = "The command's type.", examples = "rebalance") String type,
        @Schema(description = "The command's JSON object, as stored.", ref = "JsonDocument") @JsonRawValue
        String payload,
        @Schema(description = "Priority, an integer; higher is more urgent.", examples = "0") int priority,
        @Schema(description = "Where the command is in its life.", examples = "PENDING") CommandStatus status,
        @Schema(description = "Claims so far.", minimum = "0", examples = "0") int attempts,
        @Schema(description = "The earliest time it may be claimed, RFC 3339 in UTC.") Instant notBefore,
        @Schema(description = "The key id of the caller holding the lease; present while LEASED.") String leasedBy,
        @Schema(description = "When the lease expires, RFC 3339 in UTC; present while LEASED.")
        Instant leaseExpiresAt,
        @Schema(description = "The error of the last failure.") String lastError,
        @Schema(description = "When it was enqueued, RFC 3339 in UTC.") Instant createdAt,
        @Schema(description = "When it last changed, RFC 3339 in UTC.") Instant updatedAt) {
}
