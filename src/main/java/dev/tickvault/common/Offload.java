package dev.tickvault.common;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Runs CPU-heavy request work (parsing a large body) on a worker thread so that it does not hold an event
 * loop, then comes back to the request's Vert.x context: Hibernate Reactive sessions, and the request's
 * context-local state, only work there.
 */
public final class Offload {

    private Offload() {
    }

    /**
     * {@code work} as a Uni: on the caller's thread when {@code heavy} is false, else on a worker thread with
     * the result delivered back on the caller's Vert.x context.
     */
    public static <T> Uni<T> when(boolean heavy, Supplier<T> work) {
        Uni<T> uni = Uni.createFrom().item(work);
        if (!heavy) {
            return uni;
        }
        Context context = Vertx.currentContext();
        uni = uni.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return context == null ? uni : uni.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
