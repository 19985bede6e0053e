import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ingest limit of the benchmark: {@code COPY ... FROM STDIN} of 1,000-row batches (or {@code rows-per-batch}) into
 * {@code market_data.ohlcv} from N concurrent connections, each batch its own transaction (autocommit),
 * as many as fit in the measured time after a warm-up. Client c writes symbols {@code <prefix><c * s + k>} for
 * k = 0 .. s - 1 in turn ({@code s} symbols per client, default 1), each batch the next 1,000 (rows-per-batch)
 * minutes of that symbol from {@code baseEpoch}, with the values of the bodies bench/wrk/ingest.lua sends
 * (bench/java/IngestBodies.java, which spreads its batches over symbols the same way).
 *
 * <p>Run with the PostgreSQL JDBC driver on the class path:
 * {@code java -cp postgresql.jar bench/java/CopyLimit.java <jdbc-url> <clients> <warmup-s> <seconds> <prefix> <base-epoch> [mark [symbols-per-client [rows-per-batch]]]}.
 * With {@code mark}, the files {@code <mark>.start} and {@code <mark>.end} are created when the measured
 * time begins and ends, so that a caller can sample the server's CPU over exactly that time.
 * Prints one line: {@code BENCH requests=.. duration_us=.. rps=.. p50_us=.. p99_us=.. max_us=.. rows_per_s=..}.
 */
public class CopyLimit {

    private static final String COPY = "COPY market_data.ohlcv (symbol, timeframe, ts, open, high, low, close, volume)"
            + " FROM STDIN (FORMAT csv)";

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int clients = Integer.parseInt(args[1]);
        long warmupNanos = Long.parseLong(args[2]) * 1_000_000_000L;
        long measureNanos = Long.parseLong(args[3]) * 1_000_000_000L;
        String prefix = args[4];
        long base = Long.parseLong(args[5]);
        String mark = args.length > 6 && !args[6].isEmpty() ? args[6] : null;
        int perClient = args.length > 7 ? Integer.parseInt(args[7]) : 1;
        int rows = args.length > 8 ? Integer.parseInt(args[8]) : 1000;

        String[] values = new String[rows];
        for (int j = 0; j < rows; j++) {
            double open = 100 + (j % 97) * 0.25;
            double close = open + ((j % 7) - 3) * 0.05;
            double high = Math.max(open, close) + 0.1;
            double low = Math.min(open, close) - 0.1;
            values[j] = String.format(Locale.ROOT, ",%.2f,%.2f,%.2f,%.2f,%d\n", open, high, low, close, 1000 + j);
        }

        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long measureTo = measureFrom + measureNanos;
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[clients];
        Thread[] threads = new Thread[clients];
        AtomicBoolean failed = new AtomicBoolean();
        CountDownLatch release = new CountDownLatch(1);
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            int client = c;
            threads[c] = new Thread(() -> {
                try (Connection conn = DriverManager.getConnection(url)) {
                    conn.setAutoCommit(true);
                    CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
                    StringBuilder csv = new StringBuilder(rows * 80);
                    long batch = 0;
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= measureTo) {
                            break;
                        }
                        csv.setLength(0);
                        String symbol = prefix + (client * perClient + batch % perClient);
                        long first = base + (batch / perClient) * rows * 60;
                        for (int j = 0; j < rows; j++) {
                            csv.append(symbol).append(",1m,")
                                    .append(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(first + j * 60L)))
                                    .append(values[j]);
                        }
                        copy.copyIn(COPY, new StringReader(csv.toString()));
                        batch++;
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom && t1 <= measureTo) {
                            mine[counts[client]++] = (t1 - t0) / 1000;
                        }
                    }
                    // The connection stays open until the caller has read the server's CPU at the end mark.
                    release.await();
                } catch (Exception e) {
                    e.printStackTrace();
                    failed.set(true);
                }
            });
            threads[c].start();
        }
        if (mark != null) {
            sleepUntil(measureFrom);
            Files.createFile(Path.of(mark + ".start"));
            sleepUntil(measureTo);
            Files.createFile(Path.of(mark + ".end"));
            Thread.sleep(1000);
        }
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        double seconds = measureNanos / 1e9;
        System.out.printf(Locale.ROOT,
                "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=0 rows_per_s=%.1f%n",
                total, measureNanos / 1000, total / seconds, pct(all, 50), pct(all, 99),
                total == 0 ? 0 : all[total - 1], failed.get() ? 1 : 0, total * (double) rows / seconds);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
