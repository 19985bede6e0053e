package dev.tickvault.common;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
        URI uri = URI.create(databaseUrl.trim());
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw new IllegalArgumentException("DATABASE_URL must start with postgresql:// or postgres://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host");
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ":5432");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        StringBuilder reactiveQuery = new StringBuilder();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
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
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            props.put("quarkus.datasource.username", percentDecode(user));
            if (colon >= 0) {
                props.put("quarkus.datasource.password",
                        percentDecode(userInfo.substring(colon + 1)));
            }
        }
        String sslMode = queryParameter(uri.getRawQuery(), "sslmode");
        if (sslMode != null) {
            props.put("quarkus.datasource.reactive.postgresql.ssl-mode", sslMode);
            boolean verify = sslMode.startsWith("verify");
            // libpq's require/prefer/allow encrypt without checking the server's certificate.
            props.put("quarkus.datasource.reactive.trust-all", Boolean.toString(!verify));
            props.put("quarkus.datasource.reactive.hostname-verification-algorithm",
                    sslMode.equals("verify-full") ? "HTTPS" : "NONE");
        }
        String rootCert = queryParameter(uri.getRawQuery(), "sslrootcert");
        if (rootCert != null) {
            props.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
            props.put("quarkus.datasource.reactive.trust-certificate-pem.certs", rootCert);
        }
        return props;
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return percentDecode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    /** RFC 3986 percent-decoding: only {@code %XX} is decoded; {@code +} stays a plus sign. */
    private static String percentDecode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
