package dev.tickvault.live;

/**
 * When a topic reads its feed, and from where: the bookkeeping of {@link LiveHub}'s topics, apart from the queries
 * (a plain class, so the interleavings that matter are tested one by one). Thread-safe: notifications, query
 * completions and timers reach it from any event loop.
 *
 * <p>One read at a time per topic. A notification says "event n committed"; PostgreSQL delivers it only once that
 * commit is visible to new snapshots, so a read <em>issued</em> after it sees the event. A notification that
 * arrives while a read is in flight says nothing about that read: its snapshot may predate the commit. So a read
 * whose page comes back short is followed by another when anything was notified after it was issued, and only
 * the numbers notified before it went out are taken as read (a number never seen can only be stale, from a series
 * deleted and written anew: it must not make the topic read forever). Every notification thus leads to a read
 * issued after it, and notifications that arrive together share one read.
 */
final class TopicReads {

    /** The last record handed on; {@code null} until the feed's newest event is known. */
    private Position delivered;
    /** The newest event number notified. */
    private long wanted;
    /** {@link #wanted} when the read in flight was issued. */
    private long wantedAtIssue;
    /** Something was notified without a number (the connection came back, the fallback timer, the start). */
    private boolean force;
    /** A notification arrived after the read in flight was issued. */
    private boolean notifiedSinceIssue;
    private boolean reading;
    private boolean starting;

    /** Whether the feed's newest event is known (subscribers can replay and be handed on to). */
    synchronized boolean ready() {
        return delivered != null;
    }

    /** Whether the caller is the one to read the feed's newest event (once per topic, again after a failure). */
    synchronized boolean claimStart() {
        if (delivered != null || starting) {
            return false;
        }
        starting = true;
        return true;
    }

    /** The start failed: the next claim retries it. */
    synchronized void startFailed() {
        starting = false;
    }

    /**
     * The feed's newest event when the topic was made; the topic hands on what comes after it.
     *
     * @return whether the caller is to start a read ({@link #issue()})
     */
    synchronized boolean started(long head) {
        delivered = Position.afterEvent(head);
        starting = false;
        // Whatever was notified while the head was read may be behind it or not: read once anyway.
        return notified(-1);
    }

    /**
     * Event {@code seq} of the feed committed ({@code -1}: something may have, read anyway).
     *
     * @return whether the caller is to start a read ({@link #issue()}); {@code false} when one is in flight (it
     *     will be followed by another) or nothing is missing
     */
    synchronized boolean notified(long seq) {
        if (seq < 0) {
            force = true;
        } else {
            wanted = Math.max(wanted, seq);
        }
        if (reading) {
            notifiedSinceIssue = true;
            return false;
        }
        if (delivered == null || (!force && delivered.completes(wanted))) {
            return false;
        }
        reading = true;
        return true;
    }

    /** The position a read starts after; called by whoever was told to start one, before it goes out. */
    synchronized Position issue() {
        wantedAtIssue = wanted;
        force = false;
        notifiedSinceIssue = false;
        return delivered;
    }

    /**
     * The read came back with {@code count} records, {@code last} the position of its last one ({@code null} for
     * none), {@code full} when the page was full.
     *
     * @return whether the caller is to read again ({@link #issue()}); otherwise the topic waits for a notification
     */
    synchronized boolean read(int count, Position last, boolean full) {
        if (count > 0) {
            // A page that is not full ends with the last record of its last event.
            delivered = full ? last : Position.afterEvent(last.seq());
        } else {
            // Nothing after the position: an event is stored whole (one row), so the one it is in is complete
            // (a full page can end exactly at an event's last record).
            delivered = Position.afterEvent(delivered.seq());
        }
        if (!full && wanted <= wantedAtIssue) {
            // Every number notified before the read went out was visible to it; one not there is stale.
            wanted = Math.min(wanted, delivered.seq());
        }
        boolean again = full || force || notifiedSinceIssue || !delivered.completes(wanted);
        if (!again) {
            reading = false;
        }
        return again;
    }

    /** The read failed: the caller retries later through {@link #notified}{@code (-1)}. */
    synchronized void readFailed() {
        reading = false;
    }

    /** The last record handed on, or {@code null} before the start. */
    synchronized Position delivered() {
        return delivered;
    }
}
