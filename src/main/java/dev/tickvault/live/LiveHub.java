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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fan-out of one instance: a topic per feed that has subscribers here, fed by the instance's one LISTEN
 * connection ({@link NotificationListener}, channel {@code tickvault_live}). A notification only says that event n
 * of a feed committed; the topic then reads every record after the last one it handed on, once for all its
 * subscribers, and hands them over in order. Notifications missed while the connection was down are made up for
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

    private final LiveService service;
    private final NotificationListener notifications;
    private final Vertx vertx;
    private final LiveConfig config;
    private final Duration shutdownDelay;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
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

    /** The records of one feed, read once for every subscriber of this instance. Guarded by itself. */
    private static final class Topic {
        final Feed feed;
        final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
        /** The last record handed on; {@code null} until the feed's newest event is known. */
        Position delivered;
        boolean starting;
        /** The newest event number notified. */
        long wanted;
        /** Read once more whatever was notified (a connection came back, the fallback timer). */
        boolean force;
        boolean fetching;

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

    /** Creates the subscriber of one request; it joins its topic once opened. */
    Subscriber subscriber(Feed feed, Position start, HttpServerRequest request, Context context) {
        return new Subscriber(feed, start, this, request, context, vertx, config.bufferBytes(), config.maxHeld());
    }

    /** Joins a subscriber to its feed's topic; it replays once the topic knows the feed's newest event. */
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
        boolean ready;
        boolean start = false;
        synchronized (topic) {
            ready = topic.delivered != null;
            if (!ready && !topic.starting) {
                topic.starting = true;
                start = true;
            }
        }
        if (ready) {
            subscriber.replay();
        } else if (start) {
            startTopic(topic);
        }
    }

    private void startTopic(Topic topic) {
        service.head(topic.feed).subscribe().with(head -> {
            List<Subscriber> waiting;
            synchronized (topic) {
                topic.delivered = Position.afterEvent(head);
                topic.starting = false;
                waiting = new ArrayList<>(topic.subscribers);
            }
            waiting.forEach(Subscriber::replay);
            poke(topic, -1);
        }, failure -> {
            LOG.warnf("Live feed %s: its newest event could not be read (%s); retrying in 1 s", topic.feed.topic(),
                    failure.getMessage());
            vertx.setTimer(1_000, id -> startTopic(topic));
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

    /** Event {@code seq} of the topic committed ({@code -1}: something may have, read anyway). */
    private void poke(Topic topic, long seq) {
        synchronized (topic) {
            if (seq < 0) {
                topic.force = true;
            } else {
                topic.wanted = Math.max(topic.wanted, seq);
            }
            if (topic.fetching || topic.delivered == null
                    || (!topic.force && topic.delivered.completes(topic.wanted))) {
                return;
            }
            topic.fetching = true;
            topic.force = false;
        }
        fetch(topic);
    }

    private void fetch(Topic topic) {
        Position from;
        synchronized (topic) {
            from = topic.delivered;
        }
        service.after(topic.feed, from, PAGE).subscribe().with(page -> {
            List<Subscriber> targets;
            boolean again;
            synchronized (topic) {
                List<FeedEvents.Event> events = page.events();
                if (!events.isEmpty()) {
                    FeedEvents.Event last = events.get(events.size() - 1);
                    // A page that is not full ends with the last record of its last event.
                    topic.delivered = page.full() ? new Position(last.seq(), last.ord())
                            : Position.afterEvent(last.seq());
                } else if (!page.full()) {
                    // Nothing newer is visible: a notified number can only have been read already.
                    topic.wanted = Math.min(topic.wanted, topic.delivered.seq());
                }
                targets = events.isEmpty() ? List.of() : new ArrayList<>(topic.subscribers);
                again = page.full() || topic.force || !topic.delivered.completes(topic.wanted);
                topic.force = false;
                if (!again) {
                    topic.fetching = false;
                }
            }
            List<Subscriber.Frame> frames = targets.isEmpty() ? List.of() : Subscriber.Frame.of(topic.feed, page.events());
            for (Subscriber subscriber : targets) {
                subscriber.offer(frames);
            }
            if (again) {
                fetch(topic);
            }
        }, failure -> {
            synchronized (topic) {
                topic.fetching = false;
            }
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
