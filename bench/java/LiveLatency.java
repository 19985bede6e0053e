import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live scenario's client (bench/live.sh): SUBSCRIBERS Server-Sent Events streams spread over SERIES series
 * (LIVE0..LIVE<n-1>, 1m), and a writer that posts one bar to every series ROUNDS_PER_SECOND times a second, each
 * stamped with the time it is sent (its tradeCount, epoch microseconds). A subscriber's latency is its receive
 * time minus the stamp: request, commit, notification and fan-out together, an upper bound of commit-to-client
 * (the commit happens after the stamp). Runs for SECONDS after every stream is open, then prints one line:
 * {@code LIVE subscribers= events= expected= p50_ms= p99_ms= max_ms= rounds= post_p50_ms= post_p99_ms=
 * after_answer_p50_ms= after_answer_p99_ms=}: the writer's POSTs from send to answer (the answer comes after the
 * commit), and each event's receive time minus its POST's answer time (negative when the event came first): the
 * commit lies between send and answer, so commit-to-client lies between the two latencies.
 *
 *   java bench/java/LiveLatency.java BASE_URL KEY SUBSCRIBERS SERIES SECONDS ROUNDS_PER_SECOND TS_BASE_EPOCH_S
 */
public class LiveLatency {

    private static final Pattern STAMP = Pattern.compile("\"tradeCount\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int subscribers = Integer.parseInt(args[2]);
        int series = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int rate = Integer.parseInt(args[5]);
        long tsBase = Long.parseLong(args[6]);
        // HTTP/1.1: each stream its own connection, as 1,000 separate clients (curl, sseclient, browsers on plain
        // http) have. The client's default, HTTP/2 by h2c upgrade, would carry every stream over a few shared
        // connections, which only one process holding all the subscribers does.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        int capacity = 4_000_000;
        long[] stamps = new long[capacity];
        long[] received = new long[capacity];
        java.util.concurrent.ConcurrentHashMap<Long, Long> answers = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger count = new AtomicInteger();
        AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/bars/LIVE" + (i % series)
                            + "/live?timeframe=1m"))
                    .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").build();
            java.util.concurrent.Flow.Subscriber<String> lines = new java.util.concurrent.Flow.Subscriber<>() {
                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (!line.startsWith("data:")) {
                        return;
                    }
                    long now = micros();
                    Matcher m = STAMP.matcher(line);
                    if (m.find() && now >= measuring.get()) {
                        int at = count.getAndIncrement();
                        if (at < capacity) {
                            stamps[at] = Long.parseLong(m.group(1));
                            received[at] = now;
                        }
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            };
            // The handler runs when the head arrives (the stream's response itself completes only when it ends).
            streams.add(client.sendAsync(request, info -> {
                if (info.statusCode() == 200) {
                    opened.incrementAndGet();
                }
                answered.incrementAndGet();
                return HttpResponse.BodySubscribers.fromLineSubscriber(lines);
            }));
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
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        measuring.set(micros());
        long rounds = 0;
        int posted = 0;
        long[] posts = new long[1_000_000];
        while (System.nanoTime() < end) {
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
            if (answer.statusCode() == 200 && posted < posts.length) {
                posts[posted++] = (System.nanoTime() - sent) / 1_000;
                answers.put(stamp, micros());
            }
            rounds++;
            long next = start + rounds * 1_000_000_000L / rate;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        // Let the last events arrive.
        Thread.sleep(2_000);
        int n = Math.min(count.get(), capacity);
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
        Arrays.sort(sorted);
        afterAnswer = Arrays.copyOf(afterAnswer, answered2);
        Arrays.sort(afterAnswer);
        long expected = (long) posted * subscribers;
        long[] postSorted = Arrays.copyOf(posts, posted);
        Arrays.sort(postSorted);
        System.out.printf("LIVE subscribers=%d events=%d expected=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f rounds=%d"
                        + " post_p50_ms=%.1f post_p99_ms=%.1f after_answer_p50_ms=%.1f after_answer_p99_ms=%.1f%n",
                open, n, expected, pct(sorted, 0.50), pct(sorted, 0.99), n == 0 ? 0.0 : sorted[n - 1] / 1000.0, rounds,
                pct(postSorted, 0.50), pct(postSorted, 0.99), pct(afterAnswer, 0.50), pct(afterAnswer, 0.99));
        System.exit(0);
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
