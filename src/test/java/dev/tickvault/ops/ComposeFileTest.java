package dev.tickvault.ops;

import dev.tickvault.support.Tools;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * compose.yaml validates with Debian's docker-compose ({@code docker-compose config}: the file parses,
 * every variable resolves), refuses to run without the secrets, and .env.example names every variable it
 * requires without carrying a value for any secret. Starting the stack needs a container engine and is
 * not part of the tests (README "Deploy" says what was run by hand).
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("compose.yaml");
    private static final Path ENV_EXAMPLE = Path.of(".env.example");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z_]+):\\?");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^([A-Z_]+)=(.*)$");

    private static Tools.Result config(Path envFile) {
        Path compose = Tools.require("docker-compose", "docker-compose");
        return Tools.run(List.of(compose.toString(), "--env-file", envFile.toString(), "-f", COMPOSE.toString(),
                "config"), Map.of(), Duration.ofSeconds(60));
    }

    private static Set<String> required() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = REQUIRED.matcher(Files.readString(COMPOSE));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void validatesWithEveryRequiredVariableSet() throws IOException {
        Path env = Files.createTempFile("tickvault-compose", ".env");
        StringBuilder values = new StringBuilder();
        for (String name : required()) {
            values.append(name).append('=').append(name.endsWith("KEY")
                    ? "tv_abcdefgh_0123456789012345678901234567890123456789" : "value-of-" + name).append('\n');
        }
        Files.writeString(env, values);
        Tools.Result result = config(env);
        assertEquals(0, result.exitCode(), result.output());
        String resolved = result.output();
        assertTrue(resolved.contains("condition: service_healthy"), resolved);
        assertTrue(resolved.contains("pg_isready"), "PostgreSQL health check");
        assertTrue(resolved.contains("/q/health/ready"), "tickvault health check on readiness");
        assertTrue(resolved.contains("/docker-entrypoint-initdb.d"), "init SQL from docker/");
        assertTrue(resolved.contains("shared_preload_libraries=pg_stat_statements"), resolved);
        assertTrue(resolved.contains("backup-daily.sh"), "the daily backup service");
        assertTrue(resolved.contains("pgdata:") && resolved.contains("backups:"), "named volumes");
        assertTrue(resolved.contains("QUARKUS_DATASOURCE_USERNAME: tickvault_app"), "least-privilege runtime role");
    }

    @Test
    void refusesToStartWithoutTheSecrets() throws IOException {
        Path empty = Files.createTempFile("tickvault-compose-empty", ".env");
        Tools.Result result = config(empty);
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("set POSTGRES_PASSWORD in .env")
                || result.output().contains("in .env"), result.output());
    }

    @Test
    void envExampleListsEveryRequiredVariableAndNoSecret() throws IOException {
        String example = Files.readString(ENV_EXAMPLE);
        Map<String, String> assigned = new java.util.HashMap<>();
        Matcher m = ASSIGNMENT.matcher(example);
        while (m.find()) {
            assigned.put(m.group(1), m.group(2));
        }
        for (String name : required()) {
            assertTrue(assigned.containsKey(name), ".env.example lists " + name);
            assertEquals("", assigned.get(name), name + " has no value in .env.example");
        }
        assertTrue(Files.readString(Path.of(".gitignore")).lines().anyMatch(".env"::equals), ".env is ignored by git");
    }
}
