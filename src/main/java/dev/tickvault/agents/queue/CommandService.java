package dev.tickvault.agents.queue;

import dev.tickvault.agents.AgentsConfig;
import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Uuids;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.ops.db.NotificationSender;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The agent command queue (DESIGN 5): enqueue, claim with leases, ack, fail with or without retry. A
 * command is held by at most one caller at a time; an expired lease makes it claimable again, and after
 * {@code tickvault.queue.max-attempts} claims it is DEAD. Ack and fail need the lease to be the caller's and
 * still running; otherwise they are 409, since the command may be running elsewhere by then.
 */
@ApplicationScoped
public class CommandService {

    private final CommandRepository repository;
    private final IdempotentWrite write;
    private final AgentsConfig config;
    private final CommandSignals signals;
    private final NotificationSender notifications;

    public CommandService(CommandRepository repository, IdempotentWrite write, AgentsConfig config,
            CommandSignals signals, NotificationSender notifications) {
        this.repository = repository;
        this.write = write;
        this.config = config;
        this.signals = signals;
        this.notifications = notifications;
    }

    /** A failure report {@code {"error","retry"?}}: the error text and whether to retry (default false). */
    @Schema(name = "CommandFailure", description = "Why a leased command failed, and whether to retry it.")
    public record Failure(
            @Schema(description = "What went wrong.", minLength = 1, maxLength = 4000) String error,
            @Schema(description = "true: back to PENDING, or DEAD when it has used its attempts; false (the "
                    + "default): FAILED.") boolean retry) {

        /** Reads a failure report, adding a fault for each broken rule. */
        public static Failure read(FieldReader in, Faults faults) {
            String error = in.text("error", true, 4000);
            Boolean retry = in.bool("retry", false);
            return new Failure(error, retry != null && retry);
        }
    }

    /**
     * Enqueues a command (PENDING), under the request's idempotency key when it has one, and once it has committed
     * wakes the agent's long-polling claimers on every instance. A reply replayed for a key wakes nobody.
     */
    public Uni<Reply> enqueue(String agentId, NewCommand command, IdempotentWrite.Request<Command> request) {
        UUID id = Uuids.v7();
        boolean[] inserted = {false};
        return write.run(request,
                () -> repository.enqueue(id, agentId, command).invoke(() -> inserted[0] = true),
                tx -> repository.enqueue(tx, id, agentId, command).invoke(() -> inserted[0] = true))
                .invoke(() -> {
                    if (inserted[0]) {
                        announce(agentId);
                    }
                });
    }

    /**
     * Leases up to {@code max} of the agent's claimable commands to {@code caller} for {@code leaseSeconds}.
     *
     * @return the commands leased, most urgent first; empty when none is claimable
     */
    public Uni<List<Command>> claim(String agentId, int max, int leaseSeconds, String caller) {
        return repository.claim(agentId, max, caller, leaseSeconds, config.queue().maxAttempts());
    }

    /**
     * A long-polling claim (DESIGN 11): as {@link #claim}, but when nothing is claimable it waits up to {@code wait}
     * and claims again as soon as a command of the agent may have become claimable: enqueued or put back on any
     * instance (LISTEN/NOTIFY), or its {@code notBefore} or an expired lease come due (a Vert.x timer set from the
     * database's own clock). Nothing polls the database in between, and no thread waits.
     *
     * @return the commands leased, or an empty list once {@code wait} has passed
     */
    public Uni<List<Command>> claim(String agentId, int max, int leaseSeconds, String caller, Duration wait) {
        if (wait.isZero()) {
            return claim(agentId, max, leaseSeconds, caller);
        }
        Context context = Vertx.currentContext();
        Uni<List<Command>> claimed = claimUntil(agentId, max, leaseSeconds, caller, System.nanoTime() + wait.toNanos());
        // The answer goes out on the request's own context, whichever event loop woke the wait.
        return context == null ? claimed : claimed.emitOn(task -> context.runOnContext(v -> task.run()));
    }

    private Uni<List<Command>> claimUntil(String agentId, int max, int leaseSeconds, String caller, long deadline) {
        CommandSignals.Waiter waiter = signals.arm(agentId);
        return claim(agentId, max, leaseSeconds, caller).chain(claimed -> {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (!claimed.isEmpty() || left <= 0 || signals.closing()) {
                waiter.cancel();
                return Uni.createFrom().item(claimed);
            }
            return repository.nextDue(agentId, config.queue().maxAttempts())
                    .chain(due -> waiter.await(Math.min(left, due.orElse(left))))
                    .chain(() -> claimUntil(agentId, max, leaseSeconds, caller, deadline));
        }).onFailure().invoke(waiter::cancel);
    }

    /** Completes a command leased to the caller; 404 unknown, 409 not leased to the caller (any more). */
    public Uni<Command> ack(UUID id, String caller) {
        return repository.ack(id, caller).chain(done -> done.isPresent() ? Uni.createFrom().item(done.get())
                : whyNot(id, caller, "acknowledged"));
    }

    /**
     * Fails a command leased to the caller: with {@code retry} it goes back to PENDING, or to DEAD when it
     * has used its attempts; without, it is FAILED. 404 unknown, 409 not leased to the caller (any more).
     */
    public Uni<Command> fail(UUID id, String caller, Failure failure) {
        return repository.fail(id, caller, failure.retry(), config.queue().maxAttempts(), failure.error())
                .invoke(failed -> failed.filter(c -> c.status() == CommandStatus.PENDING)
                        .ifPresent(c -> announce(c.agentId())))
                .chain(failed -> failed.isPresent() ? Uni.createFrom().item(failed.get())
                        : whyNot(id, caller, "failed"));
    }

    /** A command by id. */
    public Uni<Optional<Command>> byId(UUID id) {
        return repository.byId(id);
    }

    /** A page of an agent's commands, optionally of one status, oldest first unless {@code descending}. */
    public Uni<Page<Command>> list(String agentId, CommandStatus status, boolean descending, int limit,
            KeysetCursor cursor) {
        Instant afterTs = cursor == null ? null : cursor.ts();
        UUID afterId = cursor == null ? null : cursor.uuid();
        return repository.page(agentId, status, afterTs, afterId, descending, Page.fetchSize(limit))
                .map(rows -> Page.of(rows, limit, last -> KeysetCursor.after(last.createdAt(), last.id(), descending)));
    }

    /** Tells the long-polling claimers of the agent, on every instance, that a command may be claimable. */
    private void announce(String agentId) {
        notifications.send(CommandRepository.CHANNEL, List.of(agentId));
    }

    /** The 404 or 409 explaining why an ack or a fail changed nothing. */
    private Uni<Command> whyNot(UUID id, String caller, String verb) {
        return repository.byId(id).map(found -> {
            Command c = found.orElseThrow(() -> Problems.notFound("No command " + id));
            throw conflict(c, caller, verb);
        });
    }

    private static HttpProblem conflict(Command c, String caller, String verb) {
        if (c.status() != CommandStatus.LEASED) {
            return Problems.conflict("Command " + c.id() + " is " + c.status() + "; only a leased command can be "
                    + verb);
        }
        if (!caller.equals(c.leasedBy())) {
            return Problems.conflict("Command " + c.id() + " is leased to another caller");
        }
        return Problems.conflict("The lease on command " + c.id() + " expired at " + c.leaseExpiresAt()
                + "; it may be running elsewhere. Claim it again to work on it");
    }
}
