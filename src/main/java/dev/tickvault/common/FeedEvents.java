package dev.tickvault.common;

import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * The shapes in which a feature hands its live events to the live feeds (DESIGN 11): every write of a series
 * leaves one numbered event ({@code seq}, from 1, in commit order within the series) holding one or more
 * records ({@code ord}, from 1); a position {@code (seq, ord)} names one record.
 */
public final class FeedEvents {

    private FeedEvents() {
    }

    /** One record of an event: its position and its JSON, the same bytes as its GET answer. */
    public record Event(long seq, int ord, Buffer json) {
    }

    /**
     * What a series still holds from a position on: {@code head}, the number of its newest event (0 before any);
     * {@code kept}, how many events from {@code from} to {@code head} are stored; {@code recent}, whether those
     * after the position's own event were all written within the replay window (true when there are none).
     */
    public record Retention(long head, long kept, boolean recent) {
    }

    /**
     * Where a read of many series starts in one of them: {@code symbol} and the series' other key (a timeframe's
     * code, a strategy), after record {@code (seq, ord)}.
     */
    public record From(String symbol, String series, long seq, int ord) {
    }

    /**
     * A page of events, whether the page was full (more may follow), and {@code lsn}: the primary's WAL insert
     * position when the page was read ({@code pg_current_wal_insert_lsn()}, "X/Y"), at or past the commit of every
     * event the page holds, so a read sent with it as {@code Tickvault-Min-LSN} sees them all (README, "Scaling
     * out"); {@code null} for an empty page.
     */
    public record Page(List<Event> events, boolean full, String lsn) {
    }
}
