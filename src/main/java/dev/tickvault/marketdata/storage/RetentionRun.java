package dev.tickvault.marketdata.storage;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The answer of {@code POST /api/v1/admin/retention/run}, for the API description: {@code {"dropped":[...]}}. */
@Schema(description = "The partitions a retention run dropped.", requiredProperties = "dropped")
public record RetentionRun(@Schema(description = "The partitions dropped, with the bars each held; empty when none.")
        List<DroppedPartition> dropped) {
}
