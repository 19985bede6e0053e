package dev.tickvault.ops.db;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one dedicated connection per instance that runs {@code LISTEN} (PostgreSQL, NOTIFY: a notification reaches
 * only the session that listens), shared by every feature that follows changes made on other instances: key
 * revocations, live events, commands enqueued. It reconnects every second when lost; each channel's listener
 * hears when it is (re)subscribed, from which point nothing is missed, and when the connection is lost, after
 * which notifications may have been missed. It never goes through a transaction-mode pooler: with
 * {@code tickvault.pool.pgbouncer} it needs {@code TICKVAULT_NOTIFICATIONS_DATABASE_URL}, or nothing listens.
 */
@ApplicationScoped
public class NotificationListener {

    private static final Logger LOG = Logger.getLogger(NotificationListener.class);

    /** What a feature does with one channel. */
    public interface Listener {
        /** LISTEN took effect (again): notifications from now on arrive; earlier ones may have been missed. */
        void subscribed();

        /** The connection was lost: notifications may be missed until {@link #subscribed()} is called again. */
        void lost();

        /** A notification's payload. */
        void notified(String payload);
    }

    private record Channel(String name, Listener listener) {
    }

    private final Vertx vertx;
    private final PoolCustomizer poolCustomizer;
    private final NotificationsConfig config;
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private volatile PgSubscriber subscriber;
    private volatile boolean started;

    public NotificationListener(Vertx vertx, PoolCustomizer poolCustomizer, NotificationsConfig config) {
        this.vertx = vertx;
        this.poolCustomizer = poolCustomizer;
        this.config = config;
    }

    /** Listens on {@code channel} (a constant identifier) once {@link #start()} has connected, or at once if it has. */
    public void listen(String channel, Listener listener) {
        channels.add(new Channel(channel, listener));
        PgSubscriber sub = subscriber;
        if (sub != null) {
            attach(sub, new Channel(channel, listener));
        }
    }

    /**
     * Opens the connection (after the migrations, at boot), reconnecting every second when lost; does nothing when
     * the pool goes through a layer-7 proxy without a direct address for it.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Optional<PgConnectOptions> options = poolCustomizer.connectOptions();
        if (options.isEmpty()) {
            LOG.warn("No connection options for notifications; nothing listens");
            return;
        }
        Optional<String> direct = config.databaseUrl().filter(url -> !url.isBlank());
        if (direct.isPresent()) {
            options = Optional.of(directOptions(options.get(), direct.get()));
        } else if (poolCustomizer.layer7Proxy()) {
            // A transaction-mode pooler hands LISTEN's server connection to other clients afterwards:
            // notifications would be lost without any error. Without a direct address, do not listen.
            LOG.info("The pool goes through a layer-7 proxy (PgBouncer) and TICKVAULT_NOTIFICATIONS_DATABASE_URL is "
                    + "not set: key-change notifications are off, and so are those of live events and enqueued commands "
                    + "(every key verification reads the database; live feeds and long-polls look for news every second)");
            return;
        }
        PgSubscriber sub = PgSubscriber.subscriber(vertx, options.get());
        sub.reconnectPolicy(retries -> 1_000L);
        for (Channel channel : channels) {
            attach(sub, channel);
        }
        subscriber = sub;
        connect(sub);
    }

    private void attach(PgSubscriber sub, Channel channel) {
        sub.channel(channel.name())
                .subscribeHandler(v -> {
                    if (sub.actualConnection() != null) {
                        // One handler for the connection, whichever channel set it last: it tells every channel.
                        sub.actualConnection().closeHandler(closed -> channels.forEach(c -> c.listener().lost()));
                    }
                    channel.listener().subscribed();
                })
                .handler(channel.listener()::notified);
    }

    /**
     * The pool's options (TLS and timeouts) pointed at the address, database and credentials of a
     * {@code postgresql://} URL: PostgreSQL itself, bypassing a pooler.
     */
    static PgConnectOptions directOptions(PgConnectOptions pool, String url) {
        DatabaseUrl direct = DatabaseUrl.parse("TICKVAULT_NOTIFICATIONS_DATABASE_URL", url);
        PgConnectOptions options = new PgConnectOptions(pool).setHost(direct.host()).setPort(direct.port());
        if (direct.database() != null) {
            options.setDatabase(direct.database());
        }
        if (direct.user() != null) {
            options.setUser(direct.user());
        }
        if (direct.password() != null) {
            options.setPassword(direct.password());
        }
        return options.setUseLayer7Proxy(false);
    }

    private void connect(PgSubscriber sub) {
        sub.connect(result -> {
            if (result.failed() && subscriber == sub) {
                LOG.warnf("Notifications unavailable (%s); retrying in 1 s", result.cause().getMessage());
                vertx.setTimer(1_000, t -> connect(sub));
            }
        });
    }

    /** Whether the connection is up (the live feeds and long-polls then wait for notifications, not a timer). */
    public boolean connected() {
        PgSubscriber sub = subscriber;
        return sub != null && !sub.closed() && sub.actualConnection() != null;
    }

    void onStop(@Observes ShutdownEvent event) {
        PgSubscriber sub = subscriber;
        subscriber = null;
        if (sub != null) {
            channels.forEach(c -> c.listener().lost());
            sub.close();
        }
    }
}
