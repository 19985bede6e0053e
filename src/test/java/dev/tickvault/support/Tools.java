package dev.tickvault.support;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian tools some tests drive (PostgreSQL 15 client programs, pgbouncer, docker-compose). Missing ones
 * skip the test, so {@code ./mvnw verify} passes on a machine with only a JDK; CI installs them and runs
 * with {@code -Dit.require-tools=true} or in CI ({@code CI=true}), which turn a missing tool into a failure.
 */
public final class Tools {

    /** Where Debian's postgresql-client-15 puts its programs. */
    public static final Path POSTGRES_15_BIN = Path.of("/usr/lib/postgresql/15/bin");

    private Tools() {
    }

    /** The first executable {@code name} in {@code directories}, then on PATH; skips or fails when absent. */
    public static Path require(String name, String debianPackage, Path... directories) {
        List<Path> candidates = new ArrayList<>();
        for (Path dir : directories) {
            candidates.add(dir.resolve(name));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, name));
            }
        }
        candidates.add(Path.of("/usr/sbin", name));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        missing(name + " (Debian package " + debianPackage + ")");
        return null;
    }

    /** A file the build provides (such as the PostgreSQL 15 binaries jar); skips or fails when absent. */
    public static Path requireFile(String property, String what) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            missing(what + " (system property " + property + ", set by the pom)");
        }
        return Path.of(value);
    }

    /** PATH with the PostgreSQL 15 client programs first, for the backup scripts. */
    public static String pathWithPostgres15() {
        return POSTGRES_15_BIN + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }

    /** The exit status and the combined output of a finished command. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Runs a command with extra environment variables, waiting at most {@code limit}.
     *
     * @throws AssertionError when it does not finish in time
     */
    public static Result run(List<String> command, java.util.Map<String, String> env, java.time.Duration limit) {
        try {
            Path log = Files.createTempFile("tickvault-command-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("Timed out after " + limit.toSeconds() + " s: " + String.join(" ", command) + "\n"
                        + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void missing(String what) {
        if (Boolean.getBoolean("it.require-tools") || "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("Required tool missing: " + what + "; .ci/run installs it");
        }
        Assumptions.abort("Skipped: " + what + " is not installed (.ci/run installs it)");
    }
}
