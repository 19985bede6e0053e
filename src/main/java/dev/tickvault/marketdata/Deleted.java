package dev.tickvault.marketdata;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code DELETE /api/v1/bars/{symbol}}, for the API description: {@code {"deleted": n}}. */
@Schema(name = "BarsDeleted")
public record Deleted(@Schema(description = "Bars deleted, in rows.", minimum = "0", required = true) int deleted) {
}
