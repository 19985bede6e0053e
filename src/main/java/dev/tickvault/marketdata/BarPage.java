package dev.tickvault.marketdata;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** A page of bars with the opaque cursor of the next page, {@code null} on the last page. */
@RegisterForReflection
public record BarPage(List<Bar> data, String nextCursor) {
}
