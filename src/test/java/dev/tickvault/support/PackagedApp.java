package dev.tickvault.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged application (the fast-jar, or the native executable under {@code -Pnative}) started as
 * an operator would: a separate process in the prod profile, configured through the environment only.
 * For tests that a {@code @QuarkusIntegrationTest} cannot express: signals, exit codes, a database that
 * comes late, two instances at once.
 */
public final class PackagedApp implements AutoCloseable {

    /** A well-formed bootstrap admin key for the packaged-application tests. */
    public static final String ADMIN_KEY = "tv_itadmin1_PackagedApplicationTestsOnly00000000001";
    /** A password that passes the prod profile's safety check (the test servers trust local connections). */
    public static final String PASSWORD = "Str0ng-and-Unusual-9";

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** The launcher the README tells users to run: the tuned JVM options and the class-data archive. */
    public static final Path LAUNCHER = Path.of("target", "quarkus-app", "tickvault");
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private final String name;
    private final Process process;
    private final Path log;
    private int port;

    private PackagedApp(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * The command that runs the packaged application: the native executable under -Pnative, else the jar through
     * its launcher (which runs the {@code java} of {@code JAVA_HOME}, or the one on the {@code PATH}).
     */
    public static List<String> command() {
        List<String> command = new ArrayList<>();
        if (Boolean.getBoolean("it.native")) {
            Path runner = Path.of(System.getProperty("native.image.path", ""));
            assertTrue(Files.isExecutable(runner), "the native executable is built: " + runner.toAbsolutePath());
            command.add(runner.toString());
        } else {
            assertTrue(Files.exists(JAR), "the application is packaged: " + JAR.toAbsolutePath());
            assertTrue(Files.isExecutable(LAUNCHER), "the launcher is packaged: " + LAUNCHER.toAbsolutePath());
            command.add(LAUNCHER.toAbsolutePath().toString());
        }
        return command;
    }

    /**
     * Starts the application with only {@code env} (plus a free HTTP port and the bootstrap admin key)
     * as its configuration; the test runner's own {@code QUARKUS_*}, {@code TICKVAULT_*} and
     * {@code DATABASE_URL} variables are removed.
     */
    public static PackagedApp start(String name, Map<String, String> env) {
        try {
            Path log = Files.createTempFile("tickvault-" + name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("TICKVAULT_")
                    || k.equals("DATABASE_URL"));
            builder.environment().put("QUARKUS_HTTP_PORT", "0");
            builder.environment().put("TICKVAULT_BOOTSTRAP_ADMIN_KEY", ADMIN_KEY);
            builder.environment().putAll(env);
            return new PackagedApp(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code DATABASE_URL} for a local test server and database. */
    public static String databaseUrl(int port, String database) {
        return "postgresql://postgres:" + PASSWORD + "@127.0.0.1:" + port + "/" + database;
    }

    /** Waits until the log says where HTTP listens and readiness is UP. */
    public PackagedApp awaitReady(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (port == 0) {
            Matcher m = LISTENING.matcher(log());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            } else {
                if (!process.isAlive()) {
                    fail(name + " exited with " + process.exitValue() + " before listening:\n" + log());
                }
                pause(deadline, "listening");
            }
        }
        while (Http.get(url("/q/health/ready"), null).statusCode() != 200) {
            pause(deadline, "readiness UP");
        }
        return this;
    }

    private void pause(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            fail(name + ": no " + what + " in time; output:\n" + log());
        }
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /** The HTTP port (after {@link #awaitReady}). */
    public int port() {
        return port;
    }

    /** An absolute URL on this instance. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The process output so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operating-system process. */
    public Process process() {
        return process;
    }

    /** Sends SIGTERM ({@link Process#destroy()} on Unix), as {@code docker stop} and Kubernetes do. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to exit by itself and returns its status. */
    public int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(name + " did not exit within " + limit.toSeconds() + " s; output:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        return process.exitValue();
    }

    /** Stops the process (SIGTERM, then SIGKILL after 30 s) if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** Minimal HTTP for tests that run outside Quarkus' test extensions (no global REST Assured state). */
    public static final class Http {

        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private Http() {
        }

        /** GET with an optional API key; a connection failure is status 0. */
        public static HttpResponse<String> get(String url, String key) {
            return send(request(url, key, Map.of()).GET());
        }

        /** GET with extra headers. */
        public static HttpResponse<String> get(String url, String key, Map<String, String> headers) {
            return send(request(url, key, headers).GET());
        }

        /** POST a body of a media type. */
        public static HttpResponse<String> post(String url, String key, String contentType, byte[] body) {
            return send(request(url, key, Map.of("Content-Type", contentType))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        }

        /** POST a body with extra headers (its media type among them). */
        public static HttpResponse<String> post(String url, String key, Map<String, String> headers, byte[] body) {
            return send(request(url, key, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        }

        /** PUT a body with extra headers (its media type among them). */
        public static HttpResponse<String> put(String url, String key, Map<String, String> headers, byte[] body) {
            return send(request(url, key, headers).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        }

        /** DELETE. */
        public static HttpResponse<String> delete(String url, String key) {
            return send(request(url, key, Map.of()).DELETE());
        }

        private static HttpRequest.Builder request(String url, String key, Map<String, String> headers) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
            if (key != null) {
                builder.header("Authorization", "Bearer " + key);
            }
            headers.forEach(builder::header);
            return builder;
        }

        private static HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return new Refused(request.build());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A response standing for a refused or reset connection (status 0). */
    private record Refused(HttpRequest request) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return 0;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
