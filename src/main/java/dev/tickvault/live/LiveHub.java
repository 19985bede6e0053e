package dev.tickvault.live;

import dev.tickvault.common.FeedEvents;
import dev.tickvault.marketdata.BarService;
import dev.tickvault.ops.db.NotificationListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fan-out of one instance: a topic per feed that has subscribers here, fed by the instance's one LISTEN
 * connection ({@link NotificationListener}, channel {@code tickvault_live}). A notification only says that event n
 * of a feed committed; the topic then reads every record after the last one it handed on, once for all its
 * subscribers, framed once and shared, and hands them over in order ({@link TopicReads} decides when it reads:
 * one read at a time, and one more after any notification that arrived while a read was in flight, whose
 * snapshot may predate that commit). Notifications missed while the connection was down are made up for
 * when it is back (every topic reads what is new); without a connection at all (PgBouncer and no direct address)
 * every topic looks once a second.
 *
 * <p>No gap for a new subscriber: it joins its topic first, and replays from the database only once the topic
 * knows where it stands; everything the topic hands on from then on comes after what that replay reads, and the
 * subscriber drops what it already sent. The topic's own start is the feed's newest event when it was made.
 */
@ApplicationScoped
public class LiveHub {

    private static final Logger LOG = Logger.getLogger(LiveHub.class);
    /** Records a topic reads per query. */
    private static final int PAGE = 1_000;
    /** Bar topics read by one statement at most. */
    private static final int BATCH = 64;

    private final LiveService service;
    private final NotificationListener notifications;
    private final Vertx vertx;
    private final LiveConfig config;
    private final Duration shutdownDelay;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    /** Bar topics whose read is due, each at most once; read together by one statement at a time. */
    private final Queue<Topic> due = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean batchReading = new AtomicBoolean();
    private final Counter sent;
    private final Counter overflows;
    private volatile boolean listening;
    private volatile boolean closing;

    public LiveHub(LiveService service, NotificationListener notifications, Vertx vertx, LiveConfig config,
            MeterRegistry registry, @ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> shutdownDelay) {
        this.service = service;
        this.notifications = notifications;
        this.vertx = vertx;
        this.config = config;
        this.shutdownDelay = shutdownDelay.orElse(Duration.ZERO);
        Gauge.builder("tickvault.live.subscribers", subscribers, Set::size)
                .description("Open live streams (Server-Sent Events) on this instance").register(registry);
        this.sent = Counter.builder("tickvault.live.events.sent")
                .description("Live events (bars, decisions) written to subscribers").register(registry);
        this.overflows = Counter.builder("tickvault.live.overflows")
                .description("Live streams closed because their client did not keep up").register(registry);
    }

    /** The records of one feed, read once for every subscriber of this instance. */
    private static final class Topic {
        final Feed feed;
        final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
        final TopicReads reads = new TopicReads();

        Topic(Feed feed) {
            this.feed = feed;
        }
    }

    void onStart(@Observes StartupEvent event) {
        notifications.listen(BarService.EVENTS_CHANNEL, new NotificationListener.Listener() {
            @Override
            public void subscribed() {
                listening = true;
                topics.values().forEach(t -> poke(t, -1));
            }

            @Override
            public void lost() {
                listening = false;
            }

            @Override
            public void notified(String payload) {
                Feed.Notice notice = Feed.Notice.parse(payload);
                Topic topic = notice == null ? null : topics.get(notice.topic());
                if (topic != null) {
                    poke(topic, notice.seq());
                }
            }
        });
        vertx.setPeriodic(1_000, id -> {
            if (!listening) {
                topics.values().forEach(t -> poke(t, -1));
            }
        });
        vertx.setPeriodic(config.heartbeat().toMillis(), id -> subscribers.forEach(Subscriber::heartbeat));
    }

    /** The service subscribers read their replay through. */
    LiveService service() {
        return service;
    }

    /** Whether new streams are still accepted (not once graceful shutdown has begun ending them). */
    boolean accepting() {
        return !closing;
    }

    /** Creates the subscriber of one request; {@link #add} joins it to its topic. */
    Subscriber subscriber(Feed feed, Position start, HttpServerRequest request, Context context) {
        return new Subscriber(feed, start, this, request, context, vertx, config.bufferBytes(), config.maxHeld());
    }

    /**
     * Joins a subscriber to its feed's topic; it replays once the topic knows the feed's newest event (and its
     * stream is open).
     */
    void add(Subscriber subscriber) {
        subscribers.add(subscriber);
        if (closing) {
            subscriber.end();
            return;
        }
        Topic topic = topics.compute(subscriber.feed().topic(), (key, t) -> {
            Topic joined = t == null ? new Topic(subscriber.feed()) : t;
            joined.subscribers.add(subscriber);
            return joined;
        });
        if (topic.reads.ready()) {
            subscriber.ready();
        } else if (topic.reads.claimStart()) {
            startTopic(topic);
        }
        // Otherwise the start in progress makes every subscriber of the topic ready, this one included.
    }

    private void startTopic(Topic topic) {
        service.head(topic.feed).subscribe().with(head -> {
            boolean read = topic.reads.started(head);
            new ArrayList<>(topic.subscribers).forEach(Subscriber::ready);
            if (read) {
                read(topic);
            }
        }, failure -> {
            topic.reads.startFailed();
            LOG.warnf("Live feed %s: its newest event could not be read (%s); retrying in 1 s", topic.feed.topic(),
                    failure.getMessage());
            vertx.setTimer(1_000, id -> {
                if (topic.reads.claimStart()) {
                    startTopic(topic);
                }
            });
        });
    }

    /** Leaves a subscriber's topic; the topic goes with its last subscriber. */
    void remove(Subscriber subscriber) {
        subscribers.remove(subscriber);
        topics.computeIfPresent(subscriber.feed().topic(), (key, t) -> {
            t.subscribers.remove(subscriber);
            return t.subscribers.isEmpty() ? null : t;
        });
    }

    /** How many subscribers of this instance follow the feed. */
    int subscribers(Feed feed) {
        Topic topic = topics.get(feed.topic());
        return topic == null ? 0 : topic.subscribers.size();
    }

    /** Event {@code seq} of the topic committed ({@code -1}: something may have, read anyway). */
    private void poke(Topic topic, long seq) {
        if (topic.reads.notified(seq)) {
            read(topic);
        }
    }

    /** Reads what is new in a topic its {@link TopicReads} said to read: bars with others due, decisions alone. */
    private void read(Topic topic) {
        if (topic.feed instanceof Feed.Bars) {
            due.add(topic);
            readDue();
        } else {
            fetch(topic);
        }
    }

    /**
     * One statement for up to {@link #BATCH} due bar topics (the writer of 50 series notifies 50 at once), one
     * statement at a time: what becomes due meanwhile goes with the next, so a burst costs a few statements, not
     * one per series.
     */
    private void readDue() {
        if (!batchReading.compareAndSet(false, true)) {
            return;
        }
        List<Topic> batch = new ArrayList<>();
        for (Topic t = due.poll(); t != null; t = batch.size() < BATCH ? due.poll() : null) {
            batch.add(t);
        }
        if (batch.isEmpty()) {
            batchReading.set(false);
            // A topic queued between the poll and the reset would otherwise wait for the next notification.
            if (!due.isEmpty()) {
                readDue();
            }
            return;
        }
        List<Feed.Bars> feeds = new ArrayList<>(batch.size());
        List<Position> from = new ArrayList<>(batch.size());
        for (Topic topic : batch) {
            feeds.add((Feed.Bars) topic.feed);
            from.add(topic.reads.issue());
        }
        service.afterEach(feeds, from, PAGE).subscribe().with(pages -> {
            batchReading.set(false);
            for (int i = 0; i < batch.size(); i++) {
                if (handOn(batch.get(i), pages.get(i))) {
                    due.add(batch.get(i));
                }
            }
            readDue();
        }, failure -> {
            batchReading.set(false);
            LOG.warnf("Live feeds could not be read (%s); retrying in 1 s", failure.getMessage());
            for (Topic topic : batch) {
                topic.reads.readFailed();
            }
            vertx.setTimer(1_000, id -> batch.forEach(topic -> poke(topic, -1)));
            readDue();
        });
    }

    /** Hands a page read for a topic to its subscribers; returns whether the topic is to be read again. */
    private static boolean handOn(Topic topic, FeedEvents.Page page) {
        List<FeedEvents.Event> events = page.events();
        FeedEvents.Event last = events.isEmpty() ? null : events.get(events.size() - 1);
        // Handed on before the topic's position moves: a subscriber that joins in between replays from the
        // database up to at least this page, and drops what it then gets twice.
        if (last != null) {
            List<Subscriber.Frame> frames = Subscriber.Frame.of(topic.feed, page);
            for (Subscriber subscriber : topic.subscribers) {
                subscriber.offer(frames);
            }
        }
        return topic.reads.read(events.size(), last == null ? null : new Position(last.seq(), last.ord()), page.full());
    }

    private void fetch(Topic topic) {
        Position from = topic.reads.issue();
        service.after(topic.feed, from, PAGE).subscribe().with(page -> {
            if (handOn(topic, page)) {
                fetch(topic);
            }
        }, failure -> {
            topic.reads.readFailed();
            LOG.warnf("Live feed %s could not be read (%s); retrying in 1 s", topic.feed.topic(), failure.getMessage());
            vertx.setTimer(1_000, id -> poke(topic, -1));
        });
    }

    /** Counts one record written to a subscriber. */
    void sent() {
        sent.increment();
    }

    /** Counts one stream closed for not keeping up. */
    void overflowed() {
        overflows.increment();
    }

    /** Whether LISTEN on the live channel is in effect (else every topic looks once a second). */
    boolean listening() {
        return listening;
    }

    // Graceful shutdown: after quarkus.shutdown.delay (readiness DOWN, still serving), every stream ends cleanly, so
    // in-flight requests can finish and clients reconnect to another instance with their Last-Event-ID.
    void onShutdownBegins(@Observes ShutdownDelayInitiatedEvent event) {
        long delay = shutdownDelay.toMillis();
        if (delay <= 0) {
            endAll();
        } else {
            vertx.setTimer(delay, id -> endAll());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        endAll();
    }

    private void endAll() {
        closing = true;
        subscribers.forEach(Subscriber::end);
    }
}
