package dev.tickvault.journal.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.FeedEvents;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Page;
import dev.tickvault.journal.WithBar;
import dev.tickvault.marketdata.BarService;
import dev.tickvault.marketdata.Timeframe;
import dev.tickvault.common.Uuids;
import io.smallrye.mutiny.Uni;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import io.vertx.core.buffer.Buffer;
import dev.tickvault.ops.db.NotificationSender;
import dev.tickvault.ops.db.ReadRouting;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
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
    private final IdempotentWrite write;
    private final ObjectMapper mapper;
    private final ReadRouting routing;
    private final BarService bars;
    private final NotificationSender notifications;

    public DecisionService(DecisionRepository repository, DecisionWriter writer, IdempotentWrite write,
            ObjectMapper mapper, ReadRouting routing, BarService bars, NotificationSender notifications) {
        this.notifications = notifications;
        this.repository = repository;
        this.writer = writer;
        this.write = write;
        this.mapper = mapper;
        this.routing = routing;
        this.bars = bars;
    }

    /**
     * The live feed of a (strategy, symbol) pair (DESIGN 11): up to {@code limit} decisions recorded after position
     * {@code (seq, ord)}, oldest first, each as the JSON of its GET answer. Every insert leaves one event per pair
     * it wrote, numbered in commit order within the pair.
     */
    public Uni<FeedEvents.Page> eventsAfter(String strategy, String symbol, long seq, int ord, int limit) {
        return repository.eventsAfter(strategy, symbol, seq, ord, limit).map(rows -> {
            List<FeedEvents.Event> events = new ArrayList<>(rows.size());
            for (DecisionRepository.Positioned row : rows) {
                try {
                    events.add(new FeedEvents.Event(row.seq(), row.ord(),
                            Buffer.buffer(mapper.writeValueAsBytes(DecisionView.of(row.decision())))));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("Cannot write a decision", e);
                }
            }
            return new FeedEvents.Page(events, events.size() == limit, rows.isEmpty() ? null : rows.get(0).lsn());
        });
    }

    /** What the pair keeps of its live events from number {@code from} on; recent: those after {@code past} are within {@code window}. */
    public Uni<FeedEvents.Retention> eventRetention(String strategy, String symbol, long from, long past, Duration window) {
        return repository.eventRetention(strategy, symbol, from, past, window.toSeconds());
    }

    /** Deletes up to {@code limit} live events written before {@code before} (never a decision); returns how many. */
    public Uni<Integer> pruneEvents(Instant before, int limit) {
        return repository.pruneEvents(before, limit);
    }

    /**
     * Stores validated decisions in one statement, all or none; the reply gets them as stored, in input
     * order. Under an idempotency key they are inserted in the key's transaction; otherwise through the
     * group commit of {@link DecisionWriter}, together with those of concurrent requests.
     */
    public Uni<Reply> record(List<NewDecision> decisions, IdempotentWrite.Request<List<DecisionView>> request) {
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
        List<DecisionView> views = entities.stream().map(DecisionView::of).toList();
        // Under a key, the live events' notifications go out once the key's transaction has committed.
        List<String> notices = new ArrayList<>();
        return write.run(request, () -> writer.insert(entities).replaceWith(views),
                tx -> repository.insert(tx, entities).invoke(notices::addAll).replaceWith(views))
                .invoke(() -> notifications.send(DecisionRepository.EVENTS_CHANNEL, notices));
    }

    /** A decision by id. */
    public Uni<Optional<DecisionView>> byId(UUID id) {
        return repository.byId(id).map(d -> Optional.ofNullable(d).map(DecisionView::of));
    }

    /** Whether a decision exists (trades refer to one). */
    public Uni<Boolean> exists(UUID id) {
        return repository.byId(id).map(d -> d != null);
    }

    /**
     * A page of decisions in [from, to) on {@code decidedAt}, oldest first unless {@code descending}: a list read,
     * which tolerates replication delay, so from a read replica that has replayed {@code minLsn} when one is
     * usable ({@link ReadRouting}). A single decision ({@link #byId}) is read from the primary.
     */
    public Uni<Page<DecisionView>> list(String symbol, String strategy, Instant from, Instant to, boolean descending,
            int limit, KeysetCursor cursor, Lsn minLsn) {
        return repository.page(routing.reads(minLsn), symbol, strategy, from, to, cursor, descending,
                        Page.fetchSize(limit))
                .map(rows -> Page.of(rows, limit, last -> KeysetCursor.after(last.decidedAt, last.id, descending))
                        .map(DecisionView::of));
    }

    /**
     * {@link #list} with, for {@code withBar}, each decision's bar of that timeframe complete at its
     * {@code decidedAt} ({@link WithBar}); without it, the page as {@link #list} answers it.
     */
    public Uni<Page<?>> list(String symbol, String strategy, Instant from, Instant to, boolean descending,
            int limit, KeysetCursor cursor, Lsn minLsn, Timeframe withBar) {
        return list(symbol, strategy, from, to, descending, limit, cursor, minLsn)
                .chain(page -> WithBar.attach(page, withBar, bars, DecisionView::symbol, DecisionView::decidedAt));
    }
}
