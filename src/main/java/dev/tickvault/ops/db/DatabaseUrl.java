package dev.tickvault.ops.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL connection URI in libpq's form (PostgreSQL manual 34.1.1.2),
 * {@code postgresql://[user[:password]@]host[:port][/database][?param=value&...]} ({@code postgres://} also
 * accepted): the one parser of {@code DATABASE_URL} and {@code TICKVAULT_NOTIFICATIONS_DATABASE_URL}.
 * User, password, database and parameter values are percent-decoded (RFC 3986: {@code +} stays a plus
 * sign, as libpq reads it).
 *
 * @param port the port, 5432 when the URI names none
 * @param database the database, or {@code null} when the URI names none
 * @param user the user, or {@code null}
 * @param password the password, or {@code null}
 * @param rawQuery the query string as written (without {@code ?}), or {@code null}
 * @param parameters the query parameters, decoded, in order
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, String rawQuery,
        Map<String, String> parameters) {

    /**
     * Parses a URI.
     *
     * @param name the setting it came from, for the error message
     * @throws IllegalArgumentException when it is not {@code postgres[ql]://host...}
     */
    public static DatabaseUrl parse(String name, String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URI: postgresql://[user[:password]@]host[:port][/database]");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException(name + " must start with postgresql:// or postgres://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(name + " has no host");
        }
        String path = uri.getRawPath();
        String database = path == null || path.length() <= 1 ? null : decode(path.substring(1));
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parameters.put(pair.substring(0, eq), decode(pair.substring(eq + 1)));
                } else if (!pair.isEmpty()) {
                    parameters.put(pair, "");
                }
            }
        }
        return new DatabaseUrl(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, database, user, password,
                uri.getRawQuery(), Map.copyOf(parameters));
    }

    /** RFC 3986 percent-decoding: only {@code %XX} is decoded; {@code +} stays a plus sign. */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
