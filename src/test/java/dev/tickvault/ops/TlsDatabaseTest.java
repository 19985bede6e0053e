package dev.tickvault.ops;

import dev.tickvault.ops.db.DatabaseUrlConfigSourceFactory;
import dev.tickvault.ops.embedded.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code DATABASE_URL} with {@code sslmode=verify-full} against a PostgreSQL that accepts TLS
 * connections only: the app boots (Flyway's JDBC connection used TLS and verified the server), serves
 * the API (the reactive pool used TLS), and the server confirms the session is encrypted.
 */
@QuarkusTest
@TestProfile(TlsDatabaseTest.Tls.class)
class TlsDatabaseTest {

    @Inject
    Pool pool;

    /** A profile of its own, so the app runs against the TLS-only server. */
    public static class Tls implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TlsPostgres.class));
        }
    }

    /** A TLS-only PostgreSQL with a throwaway self-signed certificate for 127.0.0.1. */
    public static class TlsPostgres implements QuarkusTestResourceLifecycleManager {
        private LocalPostgres server;

        @Override
        public Map<String, String> start() {
            try {
                Path dir = Files.createTempDirectory("tickvault-tls-pg-");
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path cert = dir.resolve("root.crt");
                Path key = dir.resolve("server.key");
                Process openssl = new ProcessBuilder("openssl", "req", "-new", "-x509", "-days", "2", "-nodes",
                        "-newkey", "rsa:2048", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
                openssl.getInputStream().readAllBytes();
                if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                    throw new IllegalStateException("openssl could not make a test certificate");
                }
                Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("rw-r--r--"));
                server = LocalPostgres.create(dir.resolve("data"), 0).requireTls(cert, key).start();
                String url = "postgresql://postgres:" + "Str0ng-TLS-test-secret" + "@127.0.0.1:" + server.port()
                        + "/postgres?sslmode=verify-full&sslrootcert=" + cert;
                return DatabaseUrlConfigSourceFactory.toProperties(url);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            if (server != null) {
                server.destroy();
            }
        }
    }

    @Test
    void bothConnectionsUseVerifiedTls() {
        boolean encrypted = pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getBoolean(0);
        assertTrue(encrypted, "the reactive pool's session is encrypted");
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/TLS.NONE/latest").then().statusCode(404);
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
