package dev.tickvault.marketdata;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What every streamed bar read shares, whatever its format (CSV, NDJSON, Arrow, Parquet): how a stream that fails
 * after its first byte ends.
 */
final class BarStreams {

    private static final Logger LOG = Logger.getLogger(BarResource.class);

    private BarStreams() {
    }

    /**
     * Ends a stream that fails after its status and first bytes went out, which can no longer become a problem
     * response: resets the connection, so the client sees an aborted chunked response (never the terminating
     * chunk that would make a truncated file look complete), and logs one line without a stack trace (the
     * cause is the database, typically a lost connection, and a trace per stream would say nothing more).
     * A failure before the first byte is left to the problem mappers (a 503 from {@code DatabaseFailures}).
     *
     * @param what the series or panel streamed, for the log line
     * @param type the media type streamed, for the log line
     * @param sent how many bars went out, for the log line
     */
    static <T> Multi<T> abortOnFailure(Multi<T> chunks, String what, String type, AtomicLong sent,
            HttpServerResponse response) {
        return chunks.onFailure().recoverWithMulti(failure -> {
            if (!response.headWritten()) {
                return Multi.createFrom().failure(failure);
            }
            Throwable cause = failure instanceof CompositeException composite ? composite.getCause() : failure;
            LOG.warn("Stream of " + what + " (" + type + ") cut off after " + sent.get()
                    + " bars, the response aborted: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            response.reset();
            // The reset closes the connection, which cancels this stream; nothing more is written.
            return Multi.createFrom().nothing();
        });
    }
}
