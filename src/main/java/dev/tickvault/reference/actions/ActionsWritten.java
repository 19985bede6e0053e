package dev.tickvault.reference.actions;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a batch of corporate actions: {@code received}; {@code inserted} (a new symbol, ex-date and
 * type), {@code updated} (one already stored, with another ratio, amount or note) and {@code unchanged}.
 */
@RegisterForReflection
@Schema(description = "What a batch of corporate actions did, in rows: received = inserted + updated + unchanged; an "
        + "action is one symbol, ex-date and type.", requiredProperties = {"received", "inserted", "updated", "unchanged"})
public record ActionsWritten(
        @Schema(description = "Actions in the body, rows.", minimum = "0", examples = "6") int received,
        @Schema(description = "Actions that were new, rows.", minimum = "0", examples = "6") int inserted,
        @Schema(description = "Actions already stored that changed, rows.", minimum = "0", examples = "0") int updated,
        @Schema(description = "Actions sent again with the same values (not rewritten), rows.", minimum = "0",
                examples = "0") int unchanged) {
}
