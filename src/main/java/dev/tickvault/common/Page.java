package dev.tickvault.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.function.Function;

/**
 * A keyset page on the wire (DESIGN 2): {@code {"data":[...],"nextCursor":"..." | null}}, and the one
 * place that turns rows into such a page. A list asks its repository for {@link #fetchSize(int)} rows
 * (one more than the page holds, so that a next page is known to exist without a count), then
 * {@link #of} keeps the first {@code limit} and makes {@code nextCursor} from the last row kept; on the
 * last page it is {@code null} (written, never left out).
 *
 * @param <T> the record type
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Page<T>(
        @Schema(description = "The rows of this page, at most limit (default 100, at most 10,000).", required = true) List<T> data,
        @Schema(description = "Opaque cursor to pass as cursor for the next page; null on the last page.",
                required = true)
        String nextCursor) {

    /** Rows to read for a page of {@code limit}: one more, whose presence means a next page exists. */
    public static int fetchSize(int limit) {
        return Math.addExact(limit, 1);
    }

    /** Whether {@code fetched} rows, read with {@link #fetchSize(int)}, mean a page after this one exists. */
    public static boolean hasNext(int fetched, int limit) {
        return fetched > limit;
    }

    /**
     * The page of the first {@code limit} of {@code rows}.
     *
     * @param rows rows in page order, read with {@link #fetchSize(int)} (at most {@code limit + 1})
     * @param limit the page size asked for, at least 1
     * @param cursorOf the cursor after a row (its sort key and the page order); called once, with the last
     *     row kept, and only when more rows follow
     * @return the page; {@code nextCursor} is {@code null} when {@code rows} holds no more than {@code limit}
     */
    public static <T> Page<T> of(List<T> rows, int limit, Function<? super T, KeysetCursor> cursorOf) {
        if (limit < 1) {
            throw new IllegalArgumentException("A page holds at least one row, not " + limit);
        }
        if (!hasNext(rows.size(), limit)) {
            return new Page<>(List.copyOf(rows), null);
        }
        List<T> kept = List.copyOf(rows.subList(0, limit));
        return new Page<>(kept, cursorOf.apply(kept.get(limit - 1)).encode());
    }

    /** The same page with every row mapped (entity to view); the cursor stays. */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(data.stream().<R>map(mapper).toList(), nextCursor);
    }
}
