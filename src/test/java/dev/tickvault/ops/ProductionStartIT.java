package dev.tickvault.ops;

import dev.tickvault.support.PackagedApp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The packaged application in the prod profile refuses to start on an unsafe configuration, and
 * gives up with a clear error when its database never comes; both with a non-zero exit status.
 */
class ProductionStartIT {

    private record Outcome(int exitCode, String output) {
    }

    private static Outcome run(Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile("tickvault-prod-start", ".log");
        ProcessBuilder builder = new ProcessBuilder(PackagedApp.command()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("TICKVAULT_")
                || k.equals("DATABASE_URL"));
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(exited, "the process exited by itself; output:\n" + output);
        return new Outcome(process.exitValue(), output);
    }

    @Test
    void refusesAWellKnownDatabasePassword() throws Exception {
        Outcome outcome = run(Map.of("DATABASE_URL", "postgresql://tickvault:postgres@127.0.0.1:9/tickvault"));
        assertNotEquals(0, outcome.exitCode());
        assertTrue(outcome.output().contains("the database password is a well-known default"), outcome.output());
        assertTrue(outcome.output().contains("Refusing to start in the prod profile"), outcome.output());
        assertFalse(outcome.output().contains("postgres@"), "the URL with its password is not logged");
    }

    /**
     * The launcher starts the JVM with the options the benchmark measures, and with the build's class-data archive:
     * {@code -Xshare:on} makes the JVM stop at once when the archive cannot be used (a jar rebuilt since, another
     * directory), rather than start without it.
     */
    @Test
    void theLauncherRunsTheTunedJvmWithTheClassDataArchive() throws Exception {
        assumeFalse(Boolean.getBoolean("it.native"), "the native executable has no JVM");
        Outcome outcome = run(Map.of("DATABASE_URL", "postgresql://tickvault:postgres@127.0.0.1:9/tickvault",
                "JAVA_OPTS", "-Xshare:on -XX:+PrintCommandLineFlags"));
        assertTrue(outcome.output().contains("Refusing to start in the prod profile"),
                "the application itself ran (and refused the password):\n" + outcome.output());
        for (String flag : new String[] {"-XX:+UseSerialGC", "-XX:MaxHeapSize=536870912", "-XX:InitialHeapSize=50331648",
                "-XX:NewSize=33554432", "-XX:SurvivorRatio=4", "-XX:MaxHeapFreeRatio=30", "-XX:SharedArchiveFile=app-cds.jsa"}) {
            assertTrue(outcome.output().contains(flag), flag + " in:\n" + outcome.output());
        }
        assertFalse(outcome.output().contains("shared archive file"), "the archive was used:\n" + outcome.output());
    }

    @Test
    void refusesAMalformedBootstrapKey() throws Exception {
        Outcome outcome = run(Map.of("DATABASE_URL", "postgresql://tickvault:Str0ng-and-Unusual-9@127.0.0.1:9/tickvault",
                "TICKVAULT_BOOTSTRAP_ADMIN_KEY", "admin"));
        assertNotEquals(0, outcome.exitCode());
        assertTrue(outcome.output().contains("TICKVAULT_BOOTSTRAP_ADMIN_KEY does not have the format"), outcome.output());
    }

    @Test
    void givesUpOnADatabaseThatNeverComes() throws Exception {
        Outcome outcome = run(Map.of("DATABASE_URL", "postgresql://tickvault:Str0ng-and-Unusual-9@127.0.0.1:9/tickvault",
                "TICKVAULT_BOOT_DATABASE_WAIT", "PT3S"));
        assertNotEquals(0, outcome.exitCode());
        assertTrue(outcome.output().contains("The database is unreachable after"), outcome.output());
        assertTrue(outcome.output().contains("retrying in"), "it retried with backoff first:\n" + outcome.output());
    }
}
