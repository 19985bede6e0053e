package dev.tickvault.journal.decisions;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A page of decisions as {@code GET /api/v1/decisions} writes it, for the API description ({@code common.Page}
 * of {@link DecisionView}; with {@code withBar} each entry also has {@code "bar"}).
 */
@Schema(description = "A page of decisions, by decidedAt then id.", requiredProperties = {"data", "nextCursor"})
public record DecisionPage(
        @Schema(description = "The decisions; with withBar each also has \"bar\" (a Bar, or null).")
        List<DecisionView> data,
        @Schema(description = "The cursor of the next page; null on the last page.") String nextCursor) {
}
