import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live scenario's client (bench/live.sh): SUBSCRIBERS Server-Sent Events streams spread over SERIES series
 * (LIVE0..LIVE<n-1>, 1m), and a writer that posts one bar to every series ROUNDS_PER_SECOND times a second, each
 * stamped with the time it is sent (its tradeCount, epoch microseconds). A subscriber's latency is its receive
 * time minus the stamp: request, commit, notification and fan-out together, an upper bound of commit-to-client
 * (the commit happens after the stamp). It follows the ingest run beside it through files in CONTROL_DIR that
 * bench/live.sh creates: the writer starts with {@code warmup} (the ingest's warm-up), the rounds sent once
 * {@code measured} exists are the ones measured, and {@code done} (the measured ingest ended) stops the writer;
 * two seconds later it prints one line:
 * {@code LIVE subscribers= events= expected= p50_ms= p99_ms= max_ms= rounds= post_p50_ms= post_p99_ms=
 * after_answer_p50_ms= after_answer_p99_ms=}: the writer's POSTs from send to answer (the answer comes after the
 * commit), and each event's receive time minus its POST's answer time (negative when the event came first): the
 * commit lies between send and answer, so commit-to-client lies between the two latencies.
 *
 * <p>The streams are read by one thread over one NIO selector, a connection each (HTTP/1.1, as 1,000 separate
 * clients have), decoding the chunked body and the event lines byte by byte: the client shares the machine's
 * cores with tickvault and PostgreSQL, so it should take as little of them as reading 1,000 sockets can: with the
 * default settings (10,000 events a second), the JDK's HttpClient with a line subscriber and a regular expression
 * per line took 6.2 s of CPU in a 15 s run (of the two cores' 30 s), this reader 2.3 s.
 *
 * <p>It also writes every measured event to EVENTS_FILE, a line each: its stamp and its receive time (epoch
 * microseconds), and every measured round to EVENTS_FILE.posts: its stamp and the time its POST was answered, for
 * bench/live.sh to set against the commit times PostgreSQL kept.
 *
 *   java bench/java/LiveLatency.java BASE_URL KEY SUBSCRIBERS SERIES CONTROL_DIR ROUNDS_PER_SECOND TS_BASE_EPOCH_S \
 *       EVENTS_FILE
 */
public class LiveLatency {

    private static final int CAPACITY = 4_000_000;
    private static final byte[] STAMP = "\"tradeCount\":".getBytes(StandardCharsets.US_ASCII);

    private static final long[] stamps = new long[CAPACITY];
    private static final long[] received = new long[CAPACITY];
    private static final AtomicInteger count = new AtomicInteger();
    private static final AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
    private static final AtomicInteger opened = new AtomicInteger();
    private static final AtomicInteger answered = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int subscribers = Integer.parseInt(args[2]);
        int series = Integer.parseInt(args[3]);
        java.nio.file.Path control = java.nio.file.Path.of(args[4]);
        int rate = Integer.parseInt(args[5]);
        long tsBase = Long.parseLong(args[6]);
        java.nio.file.Path eventsFile = java.nio.file.Path.of(args[7]);
        URI uri = URI.create(base);
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());

        Selector selector = Selector.open();
        ConcurrentLinkedQueue<Stream> joining = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> read(selector, joining), "streams");
        reader.setDaemon(true);
        reader.start();
        for (int i = 0; i < subscribers; i++) {
            SocketChannel channel = SocketChannel.open(address);
            channel.socket().setTcpNoDelay(true);
            String request = "GET /api/v1/bars/LIVE" + (i % series) + "/live?timeframe=1m HTTP/1.1\r\nHost: "
                    + uri.getHost() + ":" + uri.getPort() + "\r\nAuthorization: Bearer " + key
                    + "\r\nAccept: text/event-stream\r\n\r\n";
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.configureBlocking(false);
            joining.add(new Stream(channel));
            selector.wakeup();
            // In waves of 100, as clients connect in practice: all at once would only fill the pool's wait queue.
            if ((i + 1) % 100 == 0) {
                while (answered.get() < i + 1) {
                    Thread.sleep(10);
                }
            }
        }
        while (answered.get() < subscribers) {
            Thread.sleep(10);
        }
        int open = opened.get();
        System.out.println("READY streams=" + open);
        System.out.flush();

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ConcurrentHashMap<Long, Long> answers = new ConcurrentHashMap<>();
        // Never more than ten minutes, should the script that drives it be gone.
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (!java.nio.file.Files.exists(control.resolve("warmup")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long next = System.nanoTime();
        long rounds = 0;
        long measured = 0;
        int posted = 0;
        long[] posts = new long[1_000_000];
        while (!java.nio.file.Files.exists(control.resolve("done")) && System.nanoTime() < deadline) {
            if (measuring.get() == Long.MAX_VALUE && java.nio.file.Files.exists(control.resolve("measured"))) {
                measuring.set(micros());
            }
            StringBuilder body = new StringBuilder("[");
            String ts = Instant.ofEpochSecond(tsBase + rounds * 60).toString();
            // One stamp for the round's bars: the events find their POST's answer by it.
            long stamp = micros();
            for (int s = 0; s < series; s++) {
                if (s > 0) {
                    body.append(',');
                }
                body.append("{\"symbol\":\"LIVE").append(s).append("\",\"timeframe\":\"1m\",\"ts\":\"").append(ts)
                        .append("\",\"open\":10,\"high\":11,\"low\":9,\"close\":10.5,\"volume\":1,\"tradeCount\":")
                        .append(stamp).append('}');
            }
            body.append(']');
            long sent = System.nanoTime();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/bars"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200 && stamp >= measuring.get() && posted < posts.length) {
                posts[posted++] = (System.nanoTime() - sent) / 1_000;
                answers.put(stamp, micros());
            }
            if (stamp >= measuring.get()) {
                measured++;
            }
            rounds++;
            // A late round (a busy machine) is not made up for by a burst: the schedule moves on from now.
            next = Math.max(next + 1_000_000_000L / rate, System.nanoTime());
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        // Let the last events arrive.
        Thread.sleep(2_000);
        int n = Math.min(count.get(), CAPACITY);
        long[] sorted = new long[n];
        long[] afterAnswer = new long[n];
        int answered2 = 0;
        for (int i = 0; i < n; i++) {
            sorted[i] = received[i] - stamps[i];
            Long answer = answers.get(stamps[i]);
            if (answer != null) {
                afterAnswer[answered2++] = received[i] - answer;
            }
        }
        try (java.io.BufferedWriter out = java.nio.file.Files.newBufferedWriter(eventsFile)) {
            for (int i = 0; i < n; i++) {
                out.write(stamps[i] + " " + received[i] + "\n");
            }
        }
        try (java.io.BufferedWriter out = java.nio.file.Files.newBufferedWriter(
                eventsFile.resolveSibling(eventsFile.getFileName() + ".posts"))) {
            for (var answer : answers.entrySet()) {
                out.write(answer.getKey() + " " + answer.getValue() + "\n");
            }
        }
        Arrays.sort(sorted);
        afterAnswer = Arrays.copyOf(afterAnswer, answered2);
        Arrays.sort(afterAnswer);
        long expected = (long) posted * subscribers;
        long[] postSorted = Arrays.copyOf(posts, posted);
        Arrays.sort(postSorted);
        System.out.printf("LIVE subscribers=%d events=%d expected=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f rounds=%d"
                        + " post_p50_ms=%.1f post_p99_ms=%.1f after_answer_p50_ms=%.1f after_answer_p99_ms=%.1f%n",
                open, n, expected, pct(sorted, 0.50), pct(sorted, 0.99), n == 0 ? 0.0 : sorted[n - 1] / 1000.0, measured,
                pct(postSorted, 0.50), pct(postSorted, 0.99), pct(afterAnswer, 0.50), pct(afterAnswer, 0.99));
        System.exit(0);
    }

    /** The reading thread: every stream's bytes as they come, stamped with the time each read returned. */
    private static void read(Selector selector, ConcurrentLinkedQueue<Stream> joining) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        byte[] bytes = new byte[64 * 1024];
        try {
            while (true) {
                selector.select();
                for (Stream s = joining.poll(); s != null; s = joining.poll()) {
                    s.channel.register(selector, SelectionKey.OP_READ, s);
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Stream stream = (Stream) key.attachment();
                    buffer.clear();
                    int n;
                    try {
                        n = stream.channel.read(buffer);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        stream.ended();
                        key.cancel();
                        stream.channel.close();
                        continue;
                    }
                    buffer.flip();
                    buffer.get(bytes, 0, n);
                    stream.take(bytes, n, micros());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One stream's decoding: the response head, then the chunked body, then the event lines in it. */
    private static final class Stream {
        private enum Part { HEAD, SIZE, DATA, DATA_END }

        final SocketChannel channel;
        private Part part = Part.HEAD;
        private final StringBuilder head = new StringBuilder();
        private long chunkLeft;
        private int endLeft;
        private final byte[] line = new byte[8192];
        private int lineLength;
        private boolean counted;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }

        void ended() {
            if (!counted) {
                counted = true;
                answered.incrementAndGet();
            }
        }

        void take(byte[] bytes, int n, long now) {
            for (int i = 0; i < n; i++) {
                byte b = bytes[i];
                switch (part) {
                    case HEAD -> {
                        head.append((char) b);
                        int length = head.length();
                        if (length >= 4 && head.charAt(length - 1) == '\n' && head.charAt(length - 2) == '\r'
                                && head.charAt(length - 3) == '\n' && head.charAt(length - 4) == '\r') {
                            if (head.indexOf("HTTP/1.1 200") == 0) {
                                opened.incrementAndGet();
                            }
                            ended();
                            part = Part.SIZE;
                            chunkLeft = 0;
                        }
                    }
                    case SIZE -> {
                        if (b == '\n') {
                            // A zero-size chunk ends the body: what follows (trailers) is never read.
                            part = chunkLeft == 0 ? Part.DATA_END : Part.DATA;
                            endLeft = chunkLeft == 0 ? Integer.MAX_VALUE : 0;
                        } else if (b != '\r') {
                            chunkLeft = chunkLeft * 16 + Character.digit(b, 16);
                        }
                    }
                    case DATA -> {
                        line(b, now);
                        if (--chunkLeft == 0) {
                            part = Part.DATA_END;
                            endLeft = 2;
                        }
                    }
                    case DATA_END -> {
                        if (--endLeft == 0) {
                            part = Part.SIZE;
                            chunkLeft = 0;
                        }
                    }
                }
            }
        }

        /** One byte of the event stream: a {@code data:} line's stamp is recorded when the line ends. */
        private void line(byte b, long now) {
            if (b != '\n') {
                if (lineLength < line.length) {
                    line[lineLength++] = b;
                }
                return;
            }
            int length = lineLength;
            lineLength = 0;
            if (length < 5 || line[0] != 'd' || line[1] != 'a' || line[2] != 't' || line[3] != 'a' || line[4] != ':') {
                return;
            }
            int at = indexOf(line, length, STAMP);
            if (at < 0) {
                return;
            }
            long stamp = 0;
            for (int i = at + STAMP.length; i < length && line[i] >= '0' && line[i] <= '9'; i++) {
                stamp = stamp * 10 + (line[i] - '0');
            }
            // The events of the rounds measured (sent once the measured ingest began), wherever they arrive.
            if (stamp < measuring.get()) {
                return;
            }
            int slot = count.getAndIncrement();
            if (slot < CAPACITY) {
                stamps[slot] = stamp;
                received[slot] = now;
            }
        }

        private static int indexOf(byte[] haystack, int length, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }

    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
