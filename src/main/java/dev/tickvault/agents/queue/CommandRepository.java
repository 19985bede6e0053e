package dev.tickvault.agents.queue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL of the agent command queue, through the reactive {@link Pool}: the queue is a hot path and its claim
 * must be a single statement. Every state change is one {@code UPDATE ... RETURNING}, conditioned on the
 * state it leaves, so two callers can never both move a command.
 */
@ApplicationScoped
public class CommandRepository {

    private static final String COLUMNS = "c.id, c.agent_id, c.type, c.payload::text AS payload, c.priority, c.status,"
            + " c.attempts, c.not_before, c.lease_owner, c.lease_expires_at, c.last_error, c.created_at, c.updated_at";

    /** The notification channel of commands becoming claimable; the payload is the agent id. */
    public static final String CHANNEL = "tickvault_queue";

    /**
     * Inserts a command. The service tells every instance's long-polling claimers of the agent on {@value #CHANNEL}
     * once it has committed ({@code NotificationSender}: a {@code pg_notify} here would serialise every enqueue's
     * commit; an agent id is far below NOTIFY's 8000-byte payload limit).
     */
    private static final String ENQUEUE = """
            WITH c AS (
                INSERT INTO agents.commands (id, agent_id, type, payload, priority, not_before)
                VALUES ($1, $2, $3, $4::text::jsonb, $5, $6)
                RETURNING *
            )
            SELECT %s FROM c
            """.formatted(COLUMNS);

    /**
     * How long until the agent's next command becomes claimable by time alone, in milliseconds (a {@code notBefore}
     * or a lease expiring), or null when none will: a long-polling claimer sleeps until then at most.
     */
    private static final String NEXT_DUE = """
            SELECT ceil(extract(epoch FROM min(due) - now()) * 1000)::int8 AS millis FROM (
                SELECT min(not_before) AS due FROM agents.commands
                 WHERE agent_id = $1 AND status = 'PENDING' AND not_before > now()
                UNION ALL
                SELECT min(lease_expires_at) FROM agents.commands
                 WHERE agent_id = $1 AND status = 'LEASED' AND lease_expires_at > now() AND attempts < $2) d
            """;

    /**
     * The claim, one statement: pick up to $2 of the agent's claimable commands, most urgent first
     * (priority descending, then oldest), skipping rows another transaction has locked (so concurrent
     * claimers, on any instance, never wait for or take the same command), and lease them to $3 for $4
     * seconds, counting the attempt. Claimable: PENDING and due, or LEASED with an expired lease and
     * attempts left. In the same statement, expired leases without attempts left move to DEAD.
     */
    private static final String CLAIM = """
            WITH exhausted AS (
                UPDATE agents.commands
                   SET status = 'DEAD', lease_owner = NULL, lease_expires_at = NULL, updated_at = now(),
                       last_error = 'lease expired on attempt ' || attempts
                 WHERE agent_id = $1 AND status = 'LEASED' AND lease_expires_at <= now() AND attempts >= $5
            ), candidates AS (
                SELECT id FROM agents.commands
                 WHERE agent_id = $1
                   AND status IN ('PENDING', 'LEASED')
                   AND ((status = 'PENDING' AND (not_before IS NULL OR not_before <= now()))
                        OR (status = 'LEASED' AND lease_expires_at <= now() AND attempts < $5))
                 ORDER BY priority DESC, created_at, id
                 LIMIT $2
                 FOR UPDATE SKIP LOCKED
            )
            UPDATE agents.commands c
               SET status = 'LEASED', attempts = c.attempts + 1, lease_owner = $3,
                   lease_expires_at = now() + make_interval(secs => $4), updated_at = now()
              FROM candidates
             WHERE c.id = candidates.id
            RETURNING %s
            """.formatted(COLUMNS);

    /** Completes a command still leased to the caller. */
    private static final String ACK = """
            UPDATE agents.commands c
               SET status = 'DONE', lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
             WHERE c.id = $1 AND c.status = 'LEASED' AND c.lease_owner = $2 AND c.lease_expires_at > now()
            RETURNING %s
            """.formatted(COLUMNS);

    /**
     * Fails a command still leased to the caller: back to PENDING ($3 retry, attempts left), DEAD or FAILED; back
     * to PENDING, the service announces it like a new one.
     */
    private static final String FAIL = """
            WITH c AS (
                UPDATE agents.commands c
                   SET status = CASE WHEN $3 AND c.attempts < $4 THEN 'PENDING' WHEN $3 THEN 'DEAD' ELSE 'FAILED' END,
                       last_error = $5, lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
                 WHERE c.id = $1 AND c.status = 'LEASED' AND c.lease_owner = $2 AND c.lease_expires_at > now()
                RETURNING c.*
            )
            SELECT %s FROM c
            """.formatted(COLUMNS);

    /**
     * Releases expired leases of every agent, at most 1,000 a run: back to PENDING with attempts left,
     * DEAD without. Rows being claimed right now are skipped, never waited for.
     */
    private static final String REAP = """
            UPDATE agents.commands c
               SET status = CASE WHEN c.attempts >= $1 THEN 'DEAD' ELSE 'PENDING' END,
                   last_error = CASE WHEN c.attempts >= $1 THEN 'lease expired on attempt ' || c.attempts
                                     ELSE c.last_error END,
                   lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
             WHERE c.id IN (SELECT id FROM agents.commands
                             WHERE status = 'LEASED' AND lease_expires_at <= now()
                             LIMIT 1000 FOR UPDATE SKIP LOCKED)
            """;

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM agents.commands c WHERE c.id = $1";

    private static final String PAGE_ASC = "SELECT " + COLUMNS + " FROM agents.commands c"
            + " WHERE c.agent_id = $1 AND ($2::text IS NULL OR c.status = $2)"
            + " AND ($3::timestamptz IS NULL OR (c.created_at, c.id) > ($3, $4::uuid))"
            + " ORDER BY c.created_at, c.id LIMIT $5";
    private static final String PAGE_DESC = "SELECT " + COLUMNS + " FROM agents.commands c"
            + " WHERE c.agent_id = $1 AND ($2::text IS NULL OR c.status = $2)"
            + " AND ($3::timestamptz IS NULL OR (c.created_at, c.id) < ($3, $4::uuid))"
            + " ORDER BY c.created_at DESC, c.id DESC LIMIT $5";

    private static final String DEPTH = "SELECT status, count(*) AS n FROM agents.commands GROUP BY status";

    private final Pool pool;

    public CommandRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a command through the pool. */
    public Uni<Command> enqueue(UUID id, String agentId, NewCommand in) {
        return enqueue(pool, id, agentId, in);
    }

    /** Inserts a command inside a caller's transaction (an idempotency key's). */
    public Uni<Command> enqueue(SqlConnection tx, UUID id, String agentId, NewCommand in) {
        return enqueue((SqlClient) tx, id, agentId, in);
    }

    private Uni<Command> enqueue(SqlClient client, UUID id, String agentId, NewCommand in) {
        Tuple args = Tuple.tuple().addUUID(id).addString(agentId).addString(in.type()).addString(in.payloadJson())
                .addInteger(in.priority()).addOffsetDateTime(utc(in.notBefore()));
        return client.preparedQuery(ENQUEUE).execute(args).map(rows -> toCommand(rows.iterator().next()));
    }

    /** Claims up to {@code max} commands for {@code owner}, most urgent first. */
    public Uni<List<Command>> claim(String agentId, int max, String owner, int leaseSeconds, int maxAttempts) {
        Tuple args = Tuple.of(agentId, max, owner, (double) leaseSeconds, maxAttempts);
        return pool.preparedQuery(CLAIM).execute(args).map(rows -> {
            List<Command> claimed = toCommands(rows);
            // RETURNING follows no order: hand them out in the order they were picked.
            claimed.sort(java.util.Comparator.comparing(Command::priority).reversed()
                    .thenComparing(Command::createdAt).thenComparing(Command::id));
            return claimed;
        });
    }

    /**
     * Milliseconds until the agent's next command becomes claimable by time alone ({@code notBefore}, a lease
     * expiring with attempts left), or empty when none will.
     */
    public Uni<Optional<Long>> nextDue(String agentId, int maxAttempts) {
        return pool.preparedQuery(NEXT_DUE).execute(Tuple.of(agentId, maxAttempts))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getLong("millis")));
    }

    /** Acknowledges a command leased to {@code owner}; empty when it is not (any more). */
    public Uni<Optional<Command>> ack(UUID id, String owner) {
        return pool.preparedQuery(ACK).execute(Tuple.of(id, owner)).map(CommandRepository::first);
    }

    /** Fails a command leased to {@code owner}; empty when it is not (any more). */
    public Uni<Optional<Command>> fail(UUID id, String owner, boolean retry, int maxAttempts, String error) {
        return pool.preparedQuery(FAIL).execute(Tuple.of(id, owner, retry, maxAttempts, error))
                .map(CommandRepository::first);
    }

    /** Releases expired leases; returns how many. */
    public Uni<Integer> reapExpiredLeases(int maxAttempts) {
        return pool.preparedQuery(REAP).execute(Tuple.of(maxAttempts)).map(RowSet::rowCount);
    }

    /** A command by id. */
    public Uni<Optional<Command>> byId(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(CommandRepository::first);
    }

    /** Up to {@code limit} of an agent's commands, by creation time then id, after the given pair. */
    public Uni<List<Command>> page(String agentId, CommandStatus status, Instant afterTs, UUID afterId,
            boolean descending, int limit) {
        Tuple args = Tuple.tuple().addString(agentId).addString(status == null ? null : status.name())
                .addOffsetDateTime(utc(afterTs)).addUUID(afterId).addInteger(limit);
        return pool.preparedQuery(descending ? PAGE_DESC : PAGE_ASC).execute(args).map(CommandRepository::toCommands);
    }

    /** Commands by status, every status present. */
    public Uni<Map<CommandStatus, Long>> depth() {
        return pool.query(DEPTH).execute().map(rows -> {
            Map<CommandStatus, Long> depth = new EnumMap<>(CommandStatus.class);
            for (CommandStatus status : CommandStatus.values()) {
                depth.put(status, 0L);
            }
            for (Row row : rows) {
                depth.put(CommandStatus.valueOf(row.getString("status")), row.getLong("n"));
            }
            return depth;
        });
    }

    private static Optional<Command> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toCommand(rows.iterator().next()));
    }

    private static List<Command> toCommands(RowSet<Row> rows) {
        List<Command> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(toCommand(row));
        }
        return out;
    }

    private static Command toCommand(Row row) {
        return new Command(row.getUUID("id"), row.getString("agent_id"), row.getString("type"),
                row.getString("payload"), row.getInteger("priority"), CommandStatus.valueOf(row.getString("status")),
                row.getInteger("attempts"), instant(row.getOffsetDateTime("not_before")), row.getString("lease_owner"),
                instant(row.getOffsetDateTime("lease_expires_at")), row.getString("last_error"),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
