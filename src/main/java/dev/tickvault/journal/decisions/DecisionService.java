package dev.tickvault.journal.decisions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Faults;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Offload;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.TickvaultConfig;
import dev.tickvault.common.Uuids;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The decision rules of DESIGN 4: a batch is validated whole before anything is written (one fault fails
 * it with 422, nothing stored), stored in one transaction, and read back in keyset pages. Decisions are
 * never changed or deleted.
 */
@ApplicationScoped
public class DecisionService {

    private final DecisionRepository repository;
    private final DecisionWriter writer;
    private final ObjectMapper mapper;
    private final TickvaultConfig config;

    public DecisionService(DecisionRepository repository, DecisionWriter writer, ObjectMapper mapper,
            TickvaultConfig config) {
        this.repository = repository;
        this.writer = writer;
        this.mapper = mapper;
        this.config = config;
    }

    /** Validated decisions in input order, and whether they came as a batch (array or NDJSON). */
    public record Parsed(List<NewDecision> decisions, boolean batch) {
    }

    /**
     * Reads and validates a body: one object, a JSON array, or NDJSON. Bodies over
     * {@code tickvault.ingest.worker-parse-threshold-bytes} are parsed on a worker thread, as bars are.
     *
     * @return the decisions; fails with 400 (unreadable), 413 (over {@code tickvault.journal.max-batch}) or
     *     422 (a rule broken, faults located by JSON pointer or line)
     */
    public Uni<Parsed> parse(byte[] body, boolean ndjson) {
        boolean large = body != null && body.length > config.ingest().workerParseThresholdBytes();
        return Offload.when(large, () -> read(body, ndjson));
    }

    private Parsed read(byte[] body, boolean ndjson) {
        JsonBody.Items items = JsonBody.items(mapper, body, ndjson, config.journal().maxBatch());
        Faults faults = new Faults();
        List<NewDecision> decisions = new ArrayList<>(items.items().size());
        for (JsonBody.Item item : items.items()) {
            decisions.add(NewDecision.read(item.reader(faults), faults));
        }
        if (faults.any()) {
            throw Problems.invalid(faults.total() + " invalid value(s) in " + decisions.size()
                    + " decision(s); nothing was written", faults.list());
        }
        return new Parsed(decisions, items.batch());
    }

    /**
     * Stores validated decisions in one statement; returns them as stored, in input order. Inside a
     * transaction (an idempotency key's) they are inserted there; otherwise through the group commit of
     * {@link DecisionWriter}, together with those of concurrent requests.
     *
     * @param client the transaction to write in (that of an idempotency key), or the pool or {@code null}
     */
    public Uni<List<DecisionView>> record(SqlClient client, List<NewDecision> decisions) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Decision> entities = new ArrayList<>(decisions.size());
        for (NewDecision in : decisions) {
            Decision d = new Decision();
            d.id = Uuids.v7();
            d.symbol = in.symbol();
            d.action = in.action();
            d.confidence = in.confidence();
            d.price = in.price();
            d.quantity = in.quantity();
            d.strategy = in.strategy();
            d.model = in.model();
            d.rationale = in.rationale();
            d.features = in.features();
            d.decidedAt = in.decidedAt() != null ? in.decidedAt() : now;
            d.recordedAt = now;
            entities.add(d);
        }
        Uni<Void> stored = client instanceof SqlConnection ? repository.insert(client, entities) : writer.insert(entities);
        return stored.map(ignored -> entities.stream().map(DecisionView::of).toList());
    }

    /** A decision by id. */
    public Uni<Optional<DecisionView>> byId(UUID id) {
        return repository.byId(id).map(d -> Optional.ofNullable(d).map(DecisionView::of));
    }

    /** Whether a decision exists (trades refer to one). */
    public Uni<Boolean> exists(UUID id) {
        return repository.byId(id).map(d -> d != null);
    }

    /** A page of decisions in [from, to) on {@code decidedAt}, oldest first unless {@code descending}. */
    public Uni<Page<DecisionView>> list(String symbol, String strategy, Instant from, Instant to, boolean descending,
            int limit, KeysetCursor cursor) {
        return repository.page(symbol, strategy, from, to, cursor, descending, Page.fetchSize(limit))
                .map(rows -> Page.of(rows, limit, last -> KeysetCursor.after(last.decidedAt, last.id, descending))
                        .map(DecisionView::of));
    }
}
