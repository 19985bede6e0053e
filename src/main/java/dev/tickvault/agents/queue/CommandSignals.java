package dev.tickvault.agents.queue;

import dev.tickvault.ops.db.NotificationListener;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes long-polling claimers (DESIGN 11) when one of their agent's commands may have become claimable: a
 * command enqueued or put back on any instance ({@link CommandRepository#CHANNEL} on the instance's one LISTEN
 * connection), or a time they asked to be woken at (Vert.x timers, never a sleeping thread). Without the LISTEN
 * connection a waiter wakes at least every second and claims again.
 */
@ApplicationScoped
public class CommandSignals {

    /** Longest sleep while notifications are off: the claim is simply tried again. */
    static final long FALLBACK_MILLIS = 1_000;

    private final NotificationListener notifications;
    private final Vertx vertx;
    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private volatile boolean listening;
    private volatile boolean closing;

    public CommandSignals(NotificationListener notifications, Vertx vertx) {
        this.notifications = notifications;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        notifications.listen(CommandRepository.CHANNEL, new NotificationListener.Listener() {
            @Override
            public void subscribed() {
                listening = true;
                // Anything may have been enqueued while away: every waiter claims again.
                waiters.values().forEach(set -> set.forEach(Waiter::wake));
            }

            @Override
            public void lost() {
                listening = false;
            }

            @Override
            public void notified(String agentId) {
                Set<Waiter> set = waiters.get(agentId);
                if (set != null) {
                    set.forEach(Waiter::wake);
                }
            }
        });
    }

    // Graceful shutdown: waiting claims answer now (with what they can claim), so in-flight requests end.
    void onShutdownBegins(@Observes ShutdownDelayInitiatedEvent event) {
        closing = true;
        waiters.values().forEach(set -> set.forEach(Waiter::wake));
    }

    /** Whether waiting has stopped (graceful shutdown): claims answer at once. */
    boolean closing() {
        return closing;
    }

    /**
     * Starts listening for the agent before its claim runs, so a command enqueued between the claim's query and
     * the wait is not missed.
     */
    Waiter arm(String agentId) {
        Waiter waiter = new Waiter(agentId);
        waiters.computeIfAbsent(agentId, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    /** One claimer's wait: woken by a signal since it was armed, or by its timer. */
    final class Waiter {
        private final String agentId;
        private final AtomicBoolean woken = new AtomicBoolean();
        private volatile Runnable onWake;

        private Waiter(String agentId) {
            this.agentId = agentId;
        }

        private void wake() {
            if (woken.compareAndSet(false, true)) {
                Runnable action = onWake;
                if (action != null) {
                    action.run();
                }
            }
        }

        /**
         * Completes when woken (at once if it already was) or after {@code millis} (at most a second while
         * notifications are off); either way it stops listening.
         */
        Uni<Void> await(long millis) {
            long sleep = Math.max(1, listening ? millis : Math.min(millis, FALLBACK_MILLIS));
            return Uni.createFrom().<Void>emitter(emitter -> {
                long timer = vertx.setTimer(sleep, id -> wake());
                AtomicBoolean done = new AtomicBoolean();
                onWake = () -> {
                    if (done.compareAndSet(false, true)) {
                        vertx.cancelTimer(timer);
                        cancel();
                        emitter.complete(null);
                    }
                };
                if (woken.get() || closing) {
                    woken.set(true);
                    onWake.run();
                }
            });
        }

        /** Stops listening. */
        void cancel() {
            waiters.computeIfPresent(agentId, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
