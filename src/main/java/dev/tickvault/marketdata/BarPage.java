package dev.tickvault.marketdata;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A page of bars with the opaque cursor of the next page, {@code null} on the last page. */
@RegisterForReflection
@Schema(description = "A page of bars.", requiredProperties = {"data", "nextCursor"})
public record BarPage(
        @Schema(description = "The bars of this page, in ts order, at most limit (default 100, at most 10,000).")
        List<Bar> data,
        @Schema(description = "Opaque cursor to pass as cursor for the next page; null on the last page.")
        String nextCursor) {
}
