package dev.tickvault.common;

import java.util.List;

/**
 * A keyset page on the wire (DESIGN 2): {@code {"data":[...],"nextCursor":"..." | null}}.
 *
 * @param <T> the record type
 */
public record Page<T>(List<T> data, String nextCursor) {
}
