package dev.tickvault.live;

import dev.tickvault.common.FeedEvents;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One open stream: replays what its client missed from the database, page by page at the pace its connection
 * takes them, then sends what its feed's topic hands it. Everything it does runs on its request's Vert.x context,
 * one task at a time, so it needs no lock and writes its frames in order.
 *
 * <p>A record whose position is not past the last one sent is skipped: the replay and the live events may overlap,
 * never leave a gap (see {@link LiveHub}). Live events find the connection's write queue
 * ({@code tickvault.live.buffer-bytes}) full, or more than {@code tickvault.live.max-held} of them wait while the
 * replay runs: the client cannot keep up, gets a final {@code event: overflow} and is closed, so it costs
 * neither the writers nor the other subscribers anything.
 */
final class Subscriber {

    private static final Logger LOG = Logger.getLogger(Subscriber.class);
    /** Records read per replay query. */
    static final int PAGE = 1_000;
    private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
    /** How long an overflowed client's connection stays open for its last frame. */
    private static final long CLOSE_AFTER_MILLIS = 5_000;

    private enum State { WAITING, REPLAYING, LIVE, CLOSED }

    private final Feed feed;
    private final LiveHub hub;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Context context;
    private final Vertx vertx;
    private final int maxHeld;
    private final ArrayDeque<Frame> held = new ArrayDeque<>();
    private MultiEmitter<? super String> emitter;
    private State state = State.WAITING;
    private boolean topicReady;
    private Position last;

    Subscriber(Feed feed, Position start, LiveHub hub, HttpServerRequest request, Context context, Vertx vertx,
            int bufferBytes, int maxHeld) {
        this.feed = feed;
        this.last = start;
        this.hub = hub;
        this.request = request;
        this.response = request.response();
        this.context = context;
        this.vertx = vertx;
        this.maxHeld = maxHeld;
        response.setWriteQueueMaxSize(bufferBytes);
    }

    Feed feed() {
        return feed;
    }

    /**
     * Opens the stream (on the request's context, once the REST layer has sent the head): a first comment, then
     * the replay once its topic is ready. The subscriber joined its topic before the head was sent
     * ({@link LiveStreams#checkStart}), so a client that has the 200 gets everything written after its start.
     */
    void open(MultiEmitter<? super String> emitter) {
        this.emitter = emitter;
        emitter.onTermination(() -> onContext(this::closed));
        if (state == State.CLOSED) {
            emitter.complete();
            return;
        }
        if (!response.headWritten()) {
            response.setStatusCode(200).setChunked(true)
                    .putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-store")
                    // nginx and others buffer responses unless told not to.
                    .putHeader("X-Accel-Buffering", "no");
        }
        response.write(Buffer.buffer(": " + feed.event() + " feed after " + last.id() + "\n\n"));
        if (held.size() > maxHeld) {
            overflow();
            return;
        }
        startReplay();
    }

    /** Its topic now hands on every event after what the database holds at this point: the replay may start. */
    void ready() {
        onContext(() -> {
            topicReady = true;
            startReplay();
        });
    }

    /** Once the topic is ready and the stream open, in whichever order they came. */
    private void startReplay() {
        if (state == State.WAITING && topicReady && emitter != null) {
            state = State.REPLAYING;
            nextPage();
        }
    }

    /** The request ended (answered, failed, or its connection closed) before or after its stream opened. */
    void requestEnded() {
        onContext(this::closed);
    }

    private void nextPage() {
        hub.service().after(feed, last, PAGE).subscribe().with(page -> onContext(() -> {
            if (state != State.REPLAYING) {
                return;
            }
            for (Frame event : Frame.of(feed, page)) {
                write(event);
            }
            if (page.full()) {
                // Replayed at the pace the connection takes it: the next page once the queue has drained.
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> onContext(this::nextPage));
                } else {
                    nextPage();
                }
                return;
            }
            state = State.LIVE;
            while (!held.isEmpty() && state == State.LIVE) {
                send(held.poll());
            }
        }), failure -> onContext(() -> {
            LOG.warnf("Replay of a %s feed failed (%s); the stream is closed", feed.event(), failure.getMessage());
            finish();
        }));
    }

    /** Events from the topic, in order; held while the replay runs. */
    void offer(List<Frame> events) {
        onContext(() -> {
            for (Frame event : events) {
                if (state == State.CLOSED) {
                    return;
                }
                if (state == State.LIVE) {
                    send(event);
                } else {
                    held.add(event);
                }
            }
            // Before the stream opens nothing can be written; open() looks again.
            if (held.size() > maxHeld && emitter != null) {
                overflow();
            }
        });
    }

    private void send(Frame event) {
        if (!after(event)) {
            return;
        }
        if (!follows(event)) {
            // Not the record after the last one sent: read the gap from the database rather than lose it.
            held.addFirst(event);
            state = State.REPLAYING;
            nextPage();
            return;
        }
        if (response.writeQueueFull()) {
            overflow();
            return;
        }
        write(event);
    }

    /** Whether the record comes right after the last one sent: the next of the same event, or the first of the next. */
    private boolean follows(Frame event) {
        if (event.seq() == last.seq() + 1 && event.ord() == 1) {
            return true;
        }
        return event.seq() == last.seq() && last.ord() != Integer.MAX_VALUE && event.ord() == last.ord() + 1;
    }

    private boolean after(Frame event) {
        return event.seq() > last.seq() || (event.seq() == last.seq() && event.ord() > last.ord());
    }

    private void write(Frame event) {
        if (!after(event) || response.closed()) {
            return;
        }
        // The frame's bytes are shared by every subscriber of the topic: written, never changed.
        response.write(event.bytes());
        last = new Position(event.seq(), event.ord());
        hub.sent();
    }

    /** A record framed as an SSE event once, for every subscriber it goes to. */
    record Frame(long seq, int ord, Buffer bytes) {

        /**
         * The frames of a page: {@code id}, {@code event}, {@code lsn} (the page's {@link FeedEvents.Page#lsn}: a
         * field that clients which do not know it skip, WHATWG HTML "Parsing an event stream") and {@code data}.
         */
        static List<Frame> of(Feed feed, FeedEvents.Page page) {
            List<FeedEvents.Event> events = page.events();
            List<Frame> frames = new java.util.ArrayList<>(events.size());
            String lsn = page.lsn() == null ? "" : "\nlsn: " + page.lsn();
            for (FeedEvents.Event event : events) {
                Position position = new Position(event.seq(), event.ord());
                Buffer bytes = Buffer.buffer(event.json().length() + 72)
                        .appendString("id: " + position.id() + "\nevent: " + feed.event() + lsn + "\ndata: ", "UTF-8")
                        .appendBuffer(event.json())
                        .appendString("\n\n");
                frames.add(new Frame(event.seq(), event.ord(), bytes));
            }
            return frames;
        }
    }

    /**
     * The last frame, then the connection is closed (not kept alive for another request): once the frame has gone
     * out, or after {@link #CLOSE_AFTER_MILLIS} if the client takes nothing at all.
     */
    private void overflow() {
        held.clear();
        hub.overflowed();
        if (!response.closed()) {
            long timer = vertx.setTimer(CLOSE_AFTER_MILLIS, id -> request.connection().close());
            response.write(Buffer.buffer(("event: overflow\ndata: {\"detail\":\"The client did not keep up with the "
                    + feed.event() + " feed; reconnect with the last event id received\"}\n\n")
                    .getBytes(StandardCharsets.UTF_8))).onComplete(done -> {
                        vertx.cancelTimer(timer);
                        request.connection().close();
                    });
        }
        finish();
    }

    /** A heartbeat comment, unless the connection has not taken what it was given. */
    void heartbeat() {
        onContext(() -> {
            if (state != State.CLOSED && emitter != null && !response.closed() && !response.writeQueueFull()) {
                response.write(HEARTBEAT);
            }
        });
    }

    /** Ends the stream cleanly (graceful shutdown): the response's last chunk goes out, the client reconnects. */
    void end() {
        onContext(this::finish);
    }

    private void finish() {
        if (state == State.CLOSED) {
            return;
        }
        closed();
        // The REST layer ends the response once the stream completes, after every frame written here; a stream
        // not open yet completes as soon as it opens.
        if (emitter != null) {
            emitter.complete();
        }
    }

    private void closed() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        held.clear();
        hub.remove(this);
    }

    /**
     * Runs a task on the request's context, always queued, never inline: tasks from the topic, whichever event
     * loop its queries complete on, then run in the order they were handed over.
     */
    private void onContext(Runnable task) {
        context.runOnContext(v -> task.run());
    }
}
