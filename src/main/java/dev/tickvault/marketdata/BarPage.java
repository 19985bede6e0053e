package dev.tickvault.marketdata;

import java.util.List;

/** A page of bars with the opaque cursor of the next page, {@code null} on the last page. */
public record BarPage(List<Bar> data, String nextCursor) {
}
