import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generated 1-minute bars for the growth benchmark: {@code symbols} series {@code <prefix>000 ..}, every minute
 * from {@code startEpoch}, written with {@code COPY ... FROM STDIN} into {@code market_data.ohlcv} for minutes
 * [{@code fromMinute}, {@code toMinute}) of each series, so that a store grows stage by stage (1M, 10M, 100M rows)
 * with each series continuing where it stopped. Deterministic: each series draws from its own
 * {@code java.util.Random(seed + series)}, from minute 0 whatever {@code fromMinute} is.
 *
 * <p>The shape comes from the real S&P 500 daily bars loaded as {@code ^GSPC 1d} (as bench/sql/generate.sql
 * does): each series starts at a real close (every 10th trading day) divided by 10, minute log returns are normal
 * with ^GSPC's daily standard deviation over sqrt(390), each bar's range follows ^GSPC's average daily range
 * scaled the same way, volume averages ^GSPC's daily volume / 390 / 1000. The partitions the rows need are made
 * first, through {@code market_data.ensure_ohlcv_partition}, and the series summary is written as the API
 * writes it. Two connections copy at once (half the series each).
 *
 * <p>{@code java -cp postgresql.jar bench/java/GenerateBars.java <jdbc-url> <symbols> <prefix> <start-epoch>
 * <from-minute> <to-minute> <seed>}; prints {@code GENERATED rows=.. seconds=.. rows_per_s=..}.
 */
public class GenerateBars {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    record Shape(double minuteVol, double minuteRange, double minuteVolume, List<Double> closes) {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int symbols = Integer.parseInt(args[1]);
        String prefix = args[2];
        long start = Long.parseLong(args[3]);
        int from = Integer.parseInt(args[4]);
        int to = Integer.parseInt(args[5]);
        long seed = Long.parseLong(args[6]);
        Shape shape;
        try (Connection c = DriverManager.getConnection(url)) {
            shape = shape(c);
            try (PreparedStatement ensure = c.prepareStatement("SELECT count(*) FROM generate_series("
                    + "date_trunc('month', to_timestamp(?), 'UTC'), to_timestamp(?), interval '1 month') AS g,"
                    + " LATERAL market_data.ensure_ohlcv_partition('1m', g, 'month')")) {
                ensure.setLong(1, start + 60L * from);
                ensure.setLong(2, start + 60L * (to - 1));
                ensure.executeQuery().close();
            }
        }
        long t0 = System.nanoTime();
        Thread[] copiers = new Thread[2];
        Throwable[] failure = new Throwable[1];
        for (int w = 0; w < copiers.length; w++) {
            int worker = w;
            copiers[w] = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url)) {
                    for (int s = worker; s < symbols; s += copiers.length) {
                        copy(c, shape, prefix, s, start, from, to, seed);
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            copiers[w].start();
        }
        for (Thread t : copiers) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("generation failed", failure[0]);
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO market_data.series (symbol, timeframe, first_ts, last_ts, bar_count)"
                    + " SELECT '" + prefix + "' || lpad(i::text, 3, '0'), '1m', to_timestamp(" + start + "),"
                    + " to_timestamp(" + (start + 60L * (to - 1)) + "), " + to
                    + " FROM generate_series(0, " + (symbols - 1) + ") AS i"
                    + " ON CONFLICT (symbol, timeframe) DO UPDATE SET last_ts = EXCLUDED.last_ts,"
                    + " bar_count = EXCLUDED.bar_count");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = (long) symbols * (to - from);
        System.out.printf(Locale.ROOT, "GENERATED rows=%d seconds=%.1f rows_per_s=%.0f%n", rows, seconds, rows / seconds);
    }

    private static Shape shape(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                WITH daily AS (
                    SELECT ts, close, high, low, volume, ln(close / lag(close) OVER (ORDER BY ts)) AS r
                      FROM market_data.ohlcv WHERE symbol = '^GSPC' AND timeframe = '1d')
                SELECT stddev(r) / sqrt(390), avg((high - low) / close) / sqrt(390), avg(volume) / 390 / 1000, count(*)
                  FROM daily""")) {
            rs.next();
            if (rs.getLong(4) < 5000) {
                throw new IllegalStateException("load the real S&P 500 file as ^GSPC 1d first");
            }
            double vol = rs.getDouble(1);
            double range = rs.getDouble(2);
            double volume = rs.getDouble(3);
            List<Double> closes = new ArrayList<>();
            try (ResultSet cl = s.executeQuery(
                    "SELECT close FROM market_data.ohlcv WHERE symbol = '^GSPC' AND timeframe = '1d' ORDER BY ts")) {
                while (cl.next()) {
                    closes.add(cl.getDouble(1));
                }
            }
            return new Shape(vol, range, volume, closes);
        }
    }

    /** One series' minutes [from, to) through one COPY. */
    private static void copy(Connection c, Shape shape, String prefix, int s, long start, int from, int to, long seed)
            throws Exception {
        String symbol = prefix + String.format(Locale.ROOT, "%03d", s);
        Random random = new Random(seed + s);
        double close = shape.closes().get((s * 10) % shape.closes().size()) / 10;
        CopyIn copy = ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI().copyIn("COPY market_data.ohlcv"
                + " (symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, source) FROM STDIN (FORMAT csv)");
        StringBuilder chunk = new StringBuilder(1 << 20);
        try {
            for (int m = 0; m < to; m++) {
                double open = close;
                double z = random.nextGaussian();
                double uHigh = random.nextDouble();
                double uLow = random.nextDouble();
                double uVol = random.nextDouble();
                close = open * Math.exp(z * shape.minuteVol());
                if (m < from) {
                    continue;
                }
                double high = Math.max(open, close) * (1 + uHigh * shape.minuteRange());
                double low = Math.min(open, close) * (1 - uLow * shape.minuteRange());
                long volume = Math.round(shape.minuteVolume() * (0.5 + uVol));
                chunk.append(symbol).append(",1m,").append(TS.format(Instant.ofEpochSecond(start + 60L * m))).append(',')
                        .append(String.format(Locale.ROOT, "%.8f,%.8f,%.8f,%.8f,%d,%.8f,%d,bench-growth%n", open, high, low,
                                close, volume, (high + low + close) / 3, 20 + Math.round(uVol * 400)));
                if (chunk.length() > (1 << 20) - 256) {
                    byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    chunk.setLength(0);
                }
            }
            byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
