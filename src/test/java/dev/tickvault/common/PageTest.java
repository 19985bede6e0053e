package dev.tickvault.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The page helper: one row more than the page is read; the page keeps {@code limit} and points after the last. */
class PageTest {

    private record Row(int n, Instant ts) {
    }

    private static List<Row> rows(int count) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Row(i, Instant.EPOCH.plusSeconds(i)));
        }
        return rows;
    }

    @Test
    void readsOneRowMoreThanThePageHolds() {
        assertEquals(2, Page.fetchSize(1));
        assertEquals(10_001, Page.fetchSize(10_000));
        assertThrows(ArithmeticException.class, () -> Page.fetchSize(Integer.MAX_VALUE));
    }

    @Test
    void fewerRowsThanTheLimitAreTheLastPage() {
        AtomicInteger calls = new AtomicInteger();
        Page<Row> page = Page.of(rows(3), 5, row -> {
            calls.incrementAndGet();
            return KeysetCursor.after(row.ts(), false);
        });
        assertEquals(rows(3), page.data());
        assertNull(page.nextCursor());
        assertEquals(0, calls.get(), "no cursor is made for the last page");
    }

    @Test
    void exactlyLimitRowsIsTheLastPage() {
        Page<Row> page = Page.of(rows(5), 5, row -> KeysetCursor.after(row.ts(), false));
        assertEquals(5, page.data().size());
        assertNull(page.nextCursor());
    }

    @Test
    void theExtraRowIsDroppedAndTheCursorPointsAfterTheLastRowKept() {
        Page<Row> page = Page.of(rows(6), 5, row -> KeysetCursor.after(row.ts(), true));
        assertEquals(rows(5), page.data());
        KeysetCursor next = KeysetCursor.decode(page.nextCursor(), KeysetCursor.Shape.TIME, true);
        assertEquals(Instant.EPOCH.plusSeconds(4), next.ts());
    }

    @Test
    void emptyRowsAreAnEmptyLastPage() {
        Page<Row> page = Page.of(List.of(), 1, row -> KeysetCursor.after(row.ts(), false));
        assertEquals(List.of(), page.data());
        assertNull(page.nextCursor());
    }

    @Test
    void mappingKeepsTheCursor() {
        Page<Row> page = Page.of(rows(3), 2, row -> KeysetCursor.after(row.n(), false));
        Page<Integer> mapped = page.map(Row::n);
        assertEquals(List.of(0, 1), mapped.data());
        assertEquals(page.nextCursor(), mapped.nextCursor());
        assertEquals(1, KeysetCursor.decode(mapped.nextCursor(), KeysetCursor.Shape.NUMBER, false).number());
    }

    @Test
    void aPageHoldsAtLeastOneRow() {
        assertThrows(IllegalArgumentException.class, () -> Page.of(rows(1), 0, row -> KeysetCursor.after(row.n(), false)));
    }
}
