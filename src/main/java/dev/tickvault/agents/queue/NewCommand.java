package dev.tickvault.agents.queue;

import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * A command to enqueue, after validation: {@code type} (1 to 64 characters) and {@code payload} (a JSON
 * object) required; {@code priority} an integer, higher is more urgent, default 0; {@code notBefore} the
 * earliest time it may be claimed.
 */
@Schema(description = "A command to enqueue.", requiredProperties = {"type", "payload"})
public record NewCommand(
        @Schema(description = "The command's type.", minLength = 1, maxLength = 64, examples = "rebalance")
        String type,
        @Schema(name = "payload", description = "The command's JSON object, stored as sent.", ref = "JsonDocument")
        String payloadJson,
        @Schema(description = "Priority, an integer (32 bits); higher is more urgent; 0 when absent.",
                examples = "0") int priority,
        @Schema(description = "The earliest time it may be claimed, RFC 3339 in UTC; claimable at once when absent.")
        Instant notBefore) {

    /** Reads a command, adding a fault for each broken rule; {@code null} when any rule is broken. */
    public static NewCommand read(FieldReader in, Faults faults) {
        int before = faults.total();
        String type = in.text("type", true, 64);
        var payload = in.object("payload", true);
        Long priority = in.integer("priority", false, Integer.MIN_VALUE, Integer.MAX_VALUE);
        Instant notBefore = in.timestamp("notBefore", false);
        if (faults.total() != before) {
            return null;
        }
        return new NewCommand(type, payload.toString(), priority == null ? 0 : priority.intValue(), notBefore);
    }
}
