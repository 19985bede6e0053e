package dev.tickvault.marketdata;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What every streamed bar read shares, whatever its format (CSV, NDJSON, Arrow, Parquet): how a stream that fails
 * after its first byte ends.
 */
final class BarStreams {

    private static final Logger LOG = Logger.getLogger(BarResource.class);

    private BarStreams() {
    }

    /**
     * NDJSON chunks, one per list of bars (empty lists skipped), each bar a line; {@code sent} counts the bars.
     */
    static Multi<byte[]> ndjson(Multi<List<Bar>> batches, BarCodec codec, AtomicLong sent) {
        // The NDJSON writer ends every element with a newline: drop the chunk's last one.
        return batches.filter(batch -> !batch.isEmpty()).map(batch -> {
            sent.addAndGet(batch.size());
            String chunk = chunk(batch, codec::ndjson, null);
            return chunk.substring(0, chunk.length() - 1).getBytes(StandardCharsets.UTF_8);
        });
    }

    /**
     * CSV chunks, one per list of bars, the header in the first; {@code sent} counts the bars. The first list is
     * always emitted by a {@link BarStream}, possibly empty: the header goes out even for no bars.
     */
    static Multi<String> csv(Multi<List<Bar>> batches, BarCodec codec, AtomicLong sent) {
        AtomicBoolean headed = new AtomicBoolean();
        return batches.map(batch -> {
            sent.addAndGet(batch.size());
            return codec.csv(batch, headed.getAndSet(true) ? null : BarCodec.CSV_HEADER);
        }).filter(chunk -> !chunk.isEmpty());
    }

    /** One HTTP chunk: {@code prefix} (or nothing) and one line per bar. */
    private static String chunk(List<Bar> bars, Function<Bar, String> line, String prefix) {
        StringBuilder chunk = new StringBuilder(bars.size() * 120 + (prefix == null ? 0 : prefix.length()));
        if (prefix != null) {
            chunk.append(prefix);
        }
        for (Bar bar : bars) {
            chunk.append(line.apply(bar));
        }
        return chunk.toString();
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
