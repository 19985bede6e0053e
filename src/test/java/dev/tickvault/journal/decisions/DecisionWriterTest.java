package dev.tickvault.journal.decisions;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The group commit's grouping, as plain logic: which requests share an insert, how many inserts run at
 * once, and what a failing group does to each of its requests. The insert is a stand-in that records each
 * group and completes only when the test says so, so the test decides when "the database" answers.
 */
class DecisionWriterTest {

    /** Each insert the writer started: its rows, and the emitter that finishes it. */
    private final List<Insert> inserts = new CopyOnWriteArrayList<>();

    private record Insert(List<Decision> rows, UniEmitter<? super Void> done) {
    }

    private DecisionWriter writer(int concurrency, int groupRows) {
        return new DecisionWriter(rows -> Uni.createFrom().emitter(e -> inserts.add(new Insert(List.copyOf(rows), e))),
                concurrency, groupRows);
    }

    private static List<Decision> request(String strategy, int rows) {
        List<Decision> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Decision d = new Decision();
            d.strategy = strategy;
            out.add(d);
        }
        return out;
    }

    /** The outcome of one request's insert: null while pending, "ok", or the failure. */
    private static AtomicReference<Object> submit(DecisionWriter writer, List<Decision> rows) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        writer.insert(rows).subscribe().with(ignored -> outcome.set("ok"), outcome::set);
        return outcome;
    }

    private static List<String> strategies(Insert insert) {
        return insert.rows().stream().map(d -> d.strategy).distinct().toList();
    }

    @Test
    void aLoneRequestIsInsertedAtOnceAndRepliedAfterItsCommit() {
        DecisionWriter writer = writer(4, 1000);
        AtomicReference<Object> a = submit(writer, request("a", 3));
        assertEquals(1, inserts.size());
        assertEquals(3, inserts.get(0).rows().size());
        assertNull(a.get(), "no reply before the commit");
        inserts.get(0).done().complete(null);
        assertEquals("ok", a.get());
    }

    @Test
    void requestsArrivingWhileInsertsRunAreWrittenTogetherInArrivalOrder() {
        DecisionWriter writer = writer(1, 1000);
        AtomicReference<Object> first = submit(writer, request("first", 1));
        AtomicReference<Object> b = submit(writer, request("b", 2));
        AtomicReference<Object> c = submit(writer, request("c", 1));
        AtomicReference<Object> d = submit(writer, request("d", 5));
        assertEquals(1, inserts.size(), "at most write-concurrency inserts at once");
        inserts.get(0).done().complete(null);
        assertEquals("ok", first.get());
        assertEquals(2, inserts.size());
        assertEquals(List.of("b", "c", "d"), strategies(inserts.get(1)));
        assertEquals(8, inserts.get(1).rows().size());
        assertNull(b.get());
        inserts.get(1).done().complete(null);
        assertEquals(List.of("ok", "ok", "ok"), List.of(b.get(), c.get(), d.get()));
    }

    @Test
    void aGroupTakesNoFurtherRequestOnceItHoldsGroupRowsAndNeverSplitsABatch() {
        DecisionWriter writer = writer(1, 4);
        submit(writer, request("busy", 1));
        submit(writer, request("a", 3));
        submit(writer, request("b", 3));
        submit(writer, request("c", 1));
        inserts.get(0).done().complete(null);
        assertEquals(List.of("a", "b"), strategies(inserts.get(1)), "a (3 rows) is under 4, b makes it 6: then full");
        inserts.get(1).done().complete(null);
        assertEquals(List.of("c"), strategies(inserts.get(2)));
    }

    @Test
    void concurrencyBoundsTheInsertsRunningAtOnce() {
        DecisionWriter writer = writer(2, 1000);
        submit(writer, request("a", 1));
        submit(writer, request("b", 1));
        submit(writer, request("c", 1));
        submit(writer, request("d", 1));
        assertEquals(2, inserts.size());
        inserts.get(0).done().complete(null);
        assertEquals(3, inserts.size());
        assertEquals(List.of("c", "d"), strategies(inserts.get(2)));
    }

    @Test
    void aGroupRefusedForItsDataIsWrittenAgainRequestByRequestSoOneBadRequestFailsAlone() {
        DecisionWriter writer = writer(1, 1000);
        submit(writer, request("busy", 1));
        AtomicReference<Object> good = submit(writer, request("good", 2));
        AtomicReference<Object> bad = submit(writer, request("bad", 1));
        inserts.get(0).done().complete(null);
        inserts.get(1).done().fail(new PgException("new row violates check constraint", "ERROR", "23514", null));
        assertEquals(4, inserts.size(), "each request of the group written again on its own");
        assertEquals(List.of("good"), strategies(inserts.get(2)));
        assertEquals(List.of("bad"), strategies(inserts.get(3)));
        inserts.get(2).done().complete(null);
        PgException refused = new PgException("new row violates check constraint", "ERROR", "23514", null);
        inserts.get(3).done().fail(refused);
        assertEquals("ok", good.get());
        assertEquals(refused, bad.get());
    }

    @Test
    void aGroupThatFailsForAnotherReasonFailsEveryRequestWithoutRetry() {
        DecisionWriter writer = writer(1, 1000);
        submit(writer, request("busy", 1));
        AtomicReference<Object> a = submit(writer, request("a", 1));
        AtomicReference<Object> b = submit(writer, request("b", 1));
        inserts.get(0).done().complete(null);
        inserts.get(1).done().fail(new PgException("terminating connection", "FATAL", "57P01", null));
        assertEquals(2, inserts.size(), "no second attempt: none of the rows were committed");
        assertInstanceOf(PgException.class, a.get());
        assertInstanceOf(PgException.class, b.get());
        assertTrue(inserts.stream().allMatch(i -> !i.rows().isEmpty()));
    }
}
