package dev.tickvault.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's PgBouncer in transaction mode on a free loopback port, for the tests of tickvault behind it: each
 * named database points at a local PostgreSQL port, trust authentication, and the admin console readable
 * through {@code psql}. Skips or fails (CI) when pgbouncer or psql is missing ({@link Tools}).
 */
public final class PgBouncer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path psql;

    private PgBouncer(Process process, int port, Path psql) {
        this.process = process;
        this.port = port;
        this.psql = psql;
    }

    /**
     * Starts PgBouncer with {@code serverConnections} server connections per database.
     *
     * @param databases each PgBouncer database name and the port of the PostgreSQL (on 127.0.0.1, database and
     *     user {@code postgres}) it points at
     */
    public static PgBouncer start(Map<String, Integer> databases, int serverConnections) {
        Path pgbouncer = Tools.require("pgbouncer", "pgbouncer", Path.of("/usr/sbin"));
        Path psql = Tools.require("psql", "postgresql-client-15", Tools.POSTGRES_15_BIN);
        try {
            Path dir = Files.createTempDirectory("tickvault-pgbouncer-");
            // PgBouncer runs as nobody when the tests run as root: it writes its log here.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            List<String> ini = new ArrayList<>(List.of("[databases]"));
            databases.forEach((name, serverPort) -> ini.add(name + " = host=127.0.0.1 port=" + serverPort
                    + " dbname=postgres user=postgres"));
            Files.writeString(dir.resolve("userlist.txt"), "\"postgres\" \"\"\n");
            ini.addAll(List.of(
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + port,
                    "unix_socket_dir =",
                    "auth_type = trust",
                    "auth_file = " + dir.resolve("userlist.txt"),
                    "pool_mode = transaction",
                    "default_pool_size = " + serverConnections,
                    "max_client_conn = 400",
                    "admin_users = postgres",
                    // Both PostgreSQL drivers send it at connect; PgBouncer refuses unknown startup parameters.
                    "ignore_startup_parameters = extra_float_digits",
                    "logfile = " + dir.resolve("pgbouncer.log"),
                    ""));
            Path config = dir.resolve("pgbouncer.ini");
            Files.writeString(config, String.join("\n", ini));
            List<String> command = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                // PgBouncer refuses to run as root.
                command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
            }
            command.addAll(List.of(pgbouncer.toString(), config.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("pgbouncer.out").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    break;
                } catch (IOException e) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        process.destroy();
                        fail("pgbouncer did not start: " + Files.readString(dir.resolve("pgbouncer.out")));
                    }
                    Thread.sleep(100);
                }
            }
            return new PgBouncer(process, port, psql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The port PgBouncer listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Rows of an admin console {@code SHOW} command, as column-name to value maps. */
    public List<Map<String, String>> show(String what) {
        // The admin console speaks the simple query protocol and refuses the SETs drivers send: psql it is.
        Tools.Result result = Tools.run(List.of(psql.toString(), "-X", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "postgres", "-d", "pgbouncer", "--no-align", "--field-separator=|", "-P", "footer=off",
                "-c", "SHOW " + what), Map.of(), Duration.ofSeconds(30));
        assertEquals(0, result.exitCode(), result.output());
        String[] lines = result.output().strip().split("\n");
        String[] columns = lines[0].split("\\|", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] values = lines[i].split("\\|", -1);
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < columns.length && c < values.length; c++) {
                row.put(columns[c], values[c]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Transactions PgBouncer has passed to one database's servers so far ({@code SHOW STATS}). */
    public long transactions(String database) {
        return show("STATS").stream().filter(r -> database.equals(r.get("database")))
                .mapToLong(r -> Long.parseLong(r.get("total_xact_count"))).sum();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
