package dev.tickvault.live;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a topic reads its feed ({@link TopicReads}), interleaving by interleaving: a notification that arrives while a
 * read is in flight must lead to another read (that read's snapshot may predate the commit), a stale number must
 * not make the topic read forever, and a page that ends at an event's last record must not either.
 */
class TopicReadsTest {

    /** A started topic with its first read done and nothing new: idle, having handed on everything up to {@code head}. */
    private static TopicReads idleAt(long head) {
        TopicReads reads = new TopicReads();
        assertTrue(reads.claimStart());
        assertTrue(reads.started(head), "a read once started");
        assertEquals(Position.afterEvent(head), reads.issue());
        assertFalse(reads.read(0, null, false));
        return reads;
    }

    @Test
    void aNotificationThatArrivesWhileAReadIsInFlightLeadsToAnotherRead() {
        TopicReads reads = new TopicReads();
        assertTrue(reads.claimStart());
        // The topic starts at event 0 and reads once; that read's snapshot is taken before event 1 commits.
        assertTrue(reads.started(0));
        Position from = reads.issue();
        assertEquals(Position.afterEvent(0), from);
        // Event 1 commits and its notification arrives while the read is in flight: no second read at once.
        assertFalse(reads.notified(1));
        // The read comes back empty: event 1 was not in its snapshot. It must be read again, or it is lost.
        assertTrue(reads.read(0, null, false), "event 1 is read by a read issued after its notification");
        assertEquals(Position.afterEvent(0), reads.issue());
        assertFalse(reads.read(1, new Position(1, 1), false));
        assertEquals(Position.afterEvent(1), reads.delivered());
    }

    @Test
    void aNotificationDuringAReadThatAlreadySawItsEventCostsOneMoreReadAndNoMore() {
        TopicReads reads = idleAt(4);
        assertTrue(reads.notified(5));
        reads.issue();
        // Events 5 and 6 commit; 6 is notified during the read, whose snapshot happens to hold both.
        assertFalse(reads.notified(6));
        assertTrue(reads.read(2, new Position(6, 1), false));
        reads.issue();
        assertFalse(reads.read(0, null, false), "then idle");
        assertFalse(reads.notified(6), "a number handed on already asks for nothing");
    }

    @Test
    void notificationsThatArriveTogetherShareOneRead() {
        TopicReads reads = idleAt(0);
        assertTrue(reads.notified(1));
        reads.issue();
        for (long seq = 2; seq <= 50; seq++) {
            assertFalse(reads.notified(seq));
        }
        assertTrue(reads.read(1, new Position(1, 1), false));
        assertEquals(Position.afterEvent(1), reads.issue());
        assertFalse(reads.read(49, new Position(50, 1), false));
    }

    @Test
    void aStaleNumberNotifiedBeforeTheReadIsDroppedOnceTheReadComesBackShort() {
        TopicReads reads = idleAt(3);
        // A number the feed does not hold (a series deleted and written anew, numbering again from 1).
        assertTrue(reads.notified(99));
        reads.issue();
        assertFalse(reads.read(0, null, false), "no endless reading");
        assertTrue(reads.notified(4), "the next real event is read");
    }

    @Test
    void aFullPageThatEndsAtTheLastRecordOfAnEventDoesNotMakeTheTopicReadForever() {
        TopicReads reads = idleAt(0);
        assertTrue(reads.notified(1));
        reads.issue();
        // Event 1 has exactly a page of records.
        assertTrue(reads.read(1_000, new Position(1, 1_000), true));
        assertEquals(new Position(1, 1_000), reads.issue());
        assertFalse(reads.read(0, null, false));
        assertEquals(Position.afterEvent(1), reads.delivered());
    }

    @Test
    void aReconnectWithoutANumberReadsEvenWhenNothingIsMissing() {
        TopicReads reads = idleAt(2);
        assertTrue(reads.notified(-1));
        reads.issue();
        assertFalse(reads.notified(-1));
        assertTrue(reads.read(0, null, false), "asked again while reading");
        reads.issue();
        assertFalse(reads.read(0, null, false));
    }

    @Test
    void beforeItsStartATopicReadsNothingAndTheStartIsClaimedOnce() {
        TopicReads reads = new TopicReads();
        assertFalse(reads.notified(1));
        assertTrue(reads.claimStart());
        assertFalse(reads.claimStart());
        reads.startFailed();
        assertTrue(reads.claimStart(), "retried after a failure");
        assertFalse(reads.ready());
        assertTrue(reads.started(0));
        assertTrue(reads.ready());
        assertFalse(reads.claimStart());
    }
}
