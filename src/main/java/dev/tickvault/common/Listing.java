package dev.tickvault.common;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A whole list on the wire, not paged: {@code {"data":[...]}} (DESIGN 2), for answers that are complete in one
 * response (the latest bar of many symbols, resampled buckets, as-of results, claimed commands).
 *
 * @param <T> the record type
 */
@RegisterForReflection
public record Listing<T>(@Schema(description = "The rows, in the order the operation states.", required = true) List<T> data) {
}
