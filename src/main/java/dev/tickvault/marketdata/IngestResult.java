package dev.tickvault.marketdata;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The outcome of {@code POST /api/v1/bars}, in rows: {@code received} = {@code inserted} + {@code updated}
 * + {@code unchanged}; an existing bar sent again with the same values is unchanged and not rewritten.
 */
@RegisterForReflection
@Schema(description = "What a bar ingest did, in rows: received = inserted + updated + unchanged.",
        requiredProperties = {"received", "inserted", "updated", "unchanged"})
public record IngestResult(
        @Schema(description = "Bars in the body, rows.", minimum = "0", examples = "5") int received,
        @Schema(description = "Bars that were new, rows.", minimum = "0", examples = "5") int inserted,
        @Schema(description = "Existing bars whose values changed, rows.", minimum = "0", examples = "0") int updated,
        @Schema(description = "Existing bars sent again with the same values (not rewritten), rows.",
                minimum = "0", examples = "0") int unchanged) {
}
