package dev.tickvault.marketdata.storage;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /api/v1/admin/retention/{timeframe}}, for the API description. */
@Schema(description = "A retention policy to set.", requiredProperties = "keep")
public record RetentionChange(
        @Schema(description = "How long bars are kept, an ISO 8601 period (years, months, weeks or days).",
                maxLength = 64, examples = "P2Y") String keep) {
}
