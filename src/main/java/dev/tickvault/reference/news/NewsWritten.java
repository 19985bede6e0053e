package dev.tickvault.reference.news;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a batch of articles: {@code received}; {@code inserted} (a new URL), {@code updated} (a URL
 * already stored, with other values) and {@code unchanged} (a URL stored with the same values, not rewritten).
 */
@RegisterForReflection
@Schema(description = "What a batch of articles did, in rows: received = inserted + updated + unchanged; an article "
        + "is identified by its url.", requiredProperties = {"received", "inserted", "updated", "unchanged"})
public record NewsWritten(
        @Schema(description = "Articles in the body, rows.", minimum = "0") int received,
        @Schema(description = "Articles with a new url, rows.", minimum = "0") int inserted,
        @Schema(description = "Articles whose url was stored, with other values, rows.", minimum = "0") int updated,
        @Schema(description = "Articles stored with the same values (not rewritten), rows.", minimum = "0")
        int unchanged) {
}
