package dev.tickvault.common;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heavy request work leaves the event loop and its result comes back to the request's Vert.x context. */
class OffloadTest {

    @Test
    void heavyWorkRunsOffTheEventLoopAndTheResultReturnsToItsContext() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<String[]> threads = new CompletableFuture<>();
            vertx.runOnContext(ignored -> {
                String loop = Thread.currentThread().getName();
                Offload.when(true, () -> Thread.currentThread().getName()).subscribe().with(
                        worker -> threads.complete(new String[] {loop, worker, Thread.currentThread().getName()}),
                        threads::completeExceptionally);
            });
            String[] seen = threads.get(10, TimeUnit.SECONDS);
            assertTrue(seen[0].startsWith("vert.x-eventloop"), seen[0]);
            assertNotEquals(seen[0], seen[1], "the work ran on the event loop");
            assertTrue(!seen[1].startsWith("vert.x-eventloop"), seen[1]);
            assertEquals(seen[0], seen[2], "the result is delivered back on the request's event loop");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void lightWorkStaysOnTheCallersThread() {
        String caller = Thread.currentThread().getName();
        assertEquals(caller, Offload.when(false, () -> Thread.currentThread().getName()).await()
                .atMost(Duration.ofSeconds(5)));
    }
}
