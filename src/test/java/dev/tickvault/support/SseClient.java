package dev.tickvault.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Server-Sent Events client for tests, parsing the stream as the WHATWG HTML standard's EventSource does (fields
 * {@code id}, {@code event}, {@code data}; lines starting with a colon are comments): events and comments are
 * queued as they arrive, and read with bounded waits.
 */
public final class SseClient implements AutoCloseable {

    /**
     * One event as dispatched; {@code comment} events carry the comment text in {@code data}. {@code lsn} is
     * tickvault's own field (the WAL position at or past the event's commit), which EventSource skips.
     */
    public record Event(String id, String event, String lsn, String data) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Event END = new Event(null, "<end>", null, null);

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        if (response.statusCode() == 200) {
            reader.start();
        }
    }

    /** Opens a stream; the answer's status is available at once, events as they come. */
    public static SseClient open(String url, String key, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        try {
            return new SseClient(CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The HTTP status. */
    public int status() {
        return response.statusCode();
    }

    /** A response header, or {@code null}. */
    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a response that is not a stream (a problem). */
    public String body() {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            String lsn = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name == null ? "message" : name, lsn, data.toString()));
                    }
                    id = null;
                    name = null;
                    lsn = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, "comment", null, line.substring(1).trim()));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "lsn" -> lsn = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The stream was closed: by close(), or cut off; END tells the reader either way.
        } finally {
            events.add(END);
        }
    }

    /**
     * The next {@code n} events named {@code name} (others, comments included, are skipped), failing the test if
     * they do not come within {@code limit} or the stream ends first.
     */
    public List<Event> next(String name, int n, Duration limit) {
        List<Event> out = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (out.size() < n) {
            Event e = poll(deadline);
            if (e == null) {
                fail("only " + out.size() + " of " + n + " '" + name + "' events within " + limit.toSeconds() + " s: " + out);
            }
            if (e == END) {
                fail("the stream ended after " + out.size() + " of " + n + " '" + name + "' events: " + out);
            }
            if (name.equals(e.event())) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every event until the stream ends, failing the test if it does not end within {@code limit}. */
    public List<Event> untilEnd(Duration limit) {
        List<Event> out = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Event e = poll(deadline);
            if (e == null) {
                fail("the stream did not end within " + limit.toSeconds() + " s; so far: " + out.size() + " events");
            }
            if (e == END) {
                return out;
            }
            out.add(e);
        }
    }

    private Event poll(long deadline) {
        try {
            long left = deadline - System.nanoTime();
            return left <= 0 ? events.poll() : events.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Closes the connection, as a client going away does. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // Already gone.
        }
        reader.interrupt();
    }
}
