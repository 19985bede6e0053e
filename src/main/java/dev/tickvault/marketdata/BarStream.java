package dev.tickvault.marketdata;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.PreparedStatement;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A range of bars behind an open cursor, its first rows already read: {@link #batches()} emits them, then
 * reads {@link #FETCH} more per round trip as the subscriber asks, one fetch ahead, so memory holds two
 * batches whatever the range and a slow client slows the reads (backpressure). Completion, failure and
 * cancellation close the cursor, end the transaction and return the connection.
 */
public final class BarStream {

    /** Rows fetched per round trip. */
    static final int FETCH = 500;

    private final SqlConnection conn;
    private final PreparedStatement statement;
    private final Cursor cursor;
    private final RowSet<Row> first;
    private final AtomicReference<Throwable> lost;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private BarStream(SqlConnection conn, PreparedStatement statement, Cursor cursor, RowSet<Row> first,
            AtomicReference<Throwable> lost) {
        this.conn = conn;
        this.statement = statement;
        this.cursor = cursor;
        this.first = first;
        this.lost = lost;
    }

    /**
     * The bars in order, one list per fetch of up to {@link #FETCH} rows; the first list (the rows read
     * when the stream opened) is always emitted, possibly empty. Can be subscribed once. When the connection
     * is lost, the failure is what the server said ({@code 57P01} for a terminated backend), not the bare
     * "connection closed" of the read that noticed it.
     */
    public Multi<List<Bar>> batches() {
        return Multi.createFrom().deferred(() -> {
            if (!claimed.compareAndSet(false, true)) {
                return Multi.createFrom().failure(new IllegalStateException("A bar stream is read once"));
            }
            Multi<RowSet<Row>> rows = Multi.createFrom().item(first);
            if (cursor.hasMore()) {
                // Repeating takes the next fetch only when the subscriber asks for more; the fetch after it is
                // already running (ReadAhead), so PostgreSQL reads it while this one is encoded and sent.
                ReadAhead ahead = new ReadAhead(cursor);
                Multi<RowSet<Row>> more = Multi.createBy().repeating().uni(ahead::next)
                        .whilst(next -> ahead.more());
                rows = Multi.createBy().concatenating().streams(rows, more);
            }
            return rows.map(BarRepository::toBars)
                    .onFailure().transform(failure -> lost.get() != null ? lost.get() : failure)
                    .onTermination().call((failure, cancelled) -> close());
        });
    }

    /**
     * Closes the cursor and the statement, ends the transaction and returns the connection; once, whoever calls
     * first.
     */
    public Uni<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return cursor.close().onFailure().recoverWithNull().chain(() -> release(conn, statement));
    }

    /**
     * Opens a cursor of {@code sql} in a transaction on a connection of {@code server}, its first
     * {@link #FETCH} rows read; a failure on the way ends the transaction and returns the connection.
     */
    static Uni<BarStream> open(Pool server, String sql, Tuple args) {
        Uni<BarStream> opening = server.getConnection().chain(conn -> {
            // A failure that arrives while no command runs (the backend terminated while a slow client reads) is
            // reported here, and Vert.x prints it to stderr when no handler is set; the stream's next read fails
            // as well and reports it once, with this cause.
            AtomicReference<Throwable> lost = new AtomicReference<>();
            AtomicReference<PreparedStatement> prepared = new AtomicReference<>();
            conn.exceptionHandler(lost::set);
            return conn.begin()
                    .chain(tx -> conn.prepare(sql))
                    .chain(ps -> {
                        prepared.set(ps);
                        Cursor cursor = ps.cursor(args);
                        return cursor.read(FETCH).map(first -> new BarStream(conn, ps, cursor, first, lost));
                    })
                    .onFailure().call(failure -> release(conn, prepared.get()));
        });
        // Not a plain chain: a cancelled Uni drops a late item, and that item holds a pool connection.
        return Uni.createFrom().emitter(emitter -> opening.subscribe().with(stream -> {
            emitter.complete(stream);
            if (!stream.claimed.get()) {
                stream.close().subscribe().with(ignored -> { }, ignored -> { });
            }
        }, emitter::fail));
    }

    /**
     * The fetches of a cursor one ahead of its subscriber: a cursor's rows come only when asked for, so without it
     * PostgreSQL waits while the JVM encodes a fetch and the JVM waits while PostgreSQL reads the next, their
     * times adding up. Each fetch starts as the one before it arrives; at most two are held, the one being sent
     * and the one being read. Runs on the connection's event loop, as its reads complete there.
     */
    private static final class ReadAhead {

        private final Cursor cursor;
        private Uni<RowSet<Row>> pending;
        private boolean more = true;

        ReadAhead(Cursor cursor) {
            this.cursor = cursor;
            this.pending = start();
        }

        /**
         * Whether the cursor had more rows when the last fetch taken arrived: {@code Cursor.hasMore()} itself is
         * false while a fetch is running, which the next one always is.
         */
        boolean more() {
            return more;
        }

        /** A fetch, started now; its outcome kept for the one subscriber that takes it. */
        private Uni<RowSet<Row>> start() {
            Uni<RowSet<Row>> read = cursor.read(FETCH).memoize().indefinitely();
            // The subscriber that takes it later gets the same outcome, a failure included.
            read.subscribe().with(ignored -> { }, ignored -> { });
            return read;
        }

        /** The fetch started last; when it arrives, the next one starts if the cursor has more. */
        Uni<RowSet<Row>> next() {
            Uni<RowSet<Row>> current = pending;
            return current.invoke(rows -> {
                more = cursor.hasMore();
                pending = more ? start() : null;
            });
        }
    }

    /**
     * Ends a stream's transaction and returns its connection, closing its statement first. An explicit
     * {@code prepare} is a named statement (the client numbers them per connection) that lives until it is closed:
     * left open, one would pile up on the pooled connection per stream, and behind PgBouncer in transaction mode it
     * would stay on a server connection that another client then gets, whose statement of the same number fails
     * with SQLSTATE 42P05 ("prepared statement already exists"). Closed inside the transaction, it never outlives it.
     */
    private static Uni<Void> release(SqlConnection conn, PreparedStatement statement) {
        Uni<Void> closed = statement == null ? Uni.createFrom().voidItem()
                : statement.close().onFailure().recoverWithNull();
        Transaction tx = conn.transaction();
        Uni<Void> end = closed.chain(() -> tx == null ? Uni.createFrom().voidItem()
                : tx.rollback().onFailure().recoverWithNull());
        return end.eventually(conn::close);
    }
}
