package dev.tickvault.ops.db;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Turns {@code DATABASE_URL} ({@code postgresql://user:pass@host:port/db?sslmode=...}, the libpq URI
 * form; {@code postgres://} also accepted) into the Quarkus datasource properties: the JDBC URL for
 * Flyway, the reactive URL, the user name and the password. The query string (for example
 * {@code sslmode}) is passed to both drivers. Explicit {@code QUARKUS_DATASOURCE_*} variables win: this
 * source sits below the environment (ordinal 300) and above {@code application.properties} (250).
 */
public class DatabaseUrlConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue url = context.getValue("DATABASE_URL");
        if (url == null || url.getValue() == null || url.getValue().isBlank()) {
            return List.of();
        }
        return List.of(new MapBackedConfigSource("DATABASE_URL", toProperties(url.getValue()), ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** libpq client settings: honoured through driver options, never sent to the server as parameters. */
    private static final java.util.Set<String> CLIENT_ONLY = java.util.Set.of("sslmode", "sslrootcert", "sslcert",
            "sslkey", "sslpassword", "connect_timeout", "target_session_attrs");

    /**
     * Maps a libpq-style URI to Quarkus datasource properties. {@code sslmode} is honoured by both
     * drivers with libpq's meaning (PostgreSQL 34.19.1): {@code require} encrypts without verifying the
     * server, {@code verify-ca} also checks its certificate against {@code sslrootcert} (or the JVM's
     * trusted CAs), {@code verify-full} also checks the host name.
     *
     * @throws IllegalArgumentException when the URI is not {@code postgres[ql]://host[:port]/db}
     */
    public static Map<String, String> toProperties(String databaseUrl) {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", databaseUrl);
        String hostPort = url.host() + ":" + url.port();
        String path = "/" + (url.database() == null ? "postgres" : url.database());
        String query = url.rawQuery() == null ? "" : "?" + url.rawQuery();
        StringBuilder reactiveQuery = new StringBuilder();
        if (url.rawQuery() != null) {
            for (String pair : url.rawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if (!CLIENT_ONLY.contains(name) && !pair.isEmpty()) {
                    reactiveQuery.append(reactiveQuery.length() == 0 ? '?' : '&').append(pair);
                }
            }
        }
        Map<String, String> props = new HashMap<>();
        props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort + path + query);
        props.put("quarkus.datasource.reactive.url", "postgresql://" + hostPort + path + reactiveQuery);
        if (url.user() != null) {
            props.put("quarkus.datasource.username", url.user());
        }
        if (url.password() != null) {
            props.put("quarkus.datasource.password", url.password());
        }
        String sslMode = url.parameters().get("sslmode");
        if (sslMode != null) {
            props.put("quarkus.datasource.reactive.postgresql.ssl-mode", sslMode);
            boolean verify = sslMode.startsWith("verify");
            // libpq's require/prefer/allow encrypt without checking the server's certificate.
            props.put("quarkus.datasource.reactive.trust-all", Boolean.toString(!verify));
            props.put("quarkus.datasource.reactive.hostname-verification-algorithm",
                    sslMode.equals("verify-full") ? "HTTPS" : "NONE");
        }
        String rootCert = url.parameters().get("sslrootcert");
        if (rootCert != null) {
            props.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
            props.put("quarkus.datasource.reactive.trust-certificate-pem.certs", rootCert);
        }
        return props;
    }
}
