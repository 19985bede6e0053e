package dev.tickvault.ops.db;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** DATABASE_URL (libpq URI form) mapped to the Quarkus datasource properties. */
class DatabaseUrlConfigSourceFactoryTest {

    @Test
    void fullUrlGivesJdbcAndReactiveUrlsCredentialsAndSslMode() {
        Map<String, String> props = DatabaseUrlConfigSourceFactory.toProperties(
                "postgresql://u:p%40ss@db.example:6543/tv?sslmode=require");
        assertEquals("jdbc:postgresql://db.example:6543/tv?sslmode=require", props.get("quarkus.datasource.jdbc.url"));
        // sslmode is a client setting: the reactive client gets it as an option, never as a server parameter.
        assertEquals("postgresql://db.example:6543/tv", props.get("quarkus.datasource.reactive.url"));
        assertEquals("u", props.get("quarkus.datasource.username"));
        assertEquals("p@ss", props.get("quarkus.datasource.password"));
        assertEquals("require", props.get("quarkus.datasource.reactive.postgresql.ssl-mode"));
        assertEquals("true", props.get("quarkus.datasource.reactive.trust-all"), "require does not verify, as in libpq");
    }

    @Test
    void verifyFullChecksTheCertificateAndTheHostName() {
        Map<String, String> props = DatabaseUrlConfigSourceFactory.toProperties(
                "postgresql://u:p@db.example/tv?sslmode=verify-full&sslrootcert=/etc/tv/root.crt&application_name=tv");
        assertEquals("jdbc:postgresql://db.example:5432/tv?sslmode=verify-full&sslrootcert=/etc/tv/root.crt&application_name=tv",
                props.get("quarkus.datasource.jdbc.url"));
        assertEquals("postgresql://db.example:5432/tv?application_name=tv", props.get("quarkus.datasource.reactive.url"));
        assertEquals("verify-full", props.get("quarkus.datasource.reactive.postgresql.ssl-mode"));
        assertEquals("false", props.get("quarkus.datasource.reactive.trust-all"));
        assertEquals("HTTPS", props.get("quarkus.datasource.reactive.hostname-verification-algorithm"));
        assertEquals("/etc/tv/root.crt", props.get("quarkus.datasource.reactive.trust-certificate-pem.certs"));
    }

    @Test
    void postgresSchemeIsAcceptedAndPortDefaultsTo5432() {
        Map<String, String> props = DatabaseUrlConfigSourceFactory.toProperties("postgres://app:secret@localhost/tickvault");
        assertEquals("jdbc:postgresql://localhost:5432/tickvault", props.get("quarkus.datasource.jdbc.url"));
        assertEquals("postgresql://localhost:5432/tickvault", props.get("quarkus.datasource.reactive.url"));
        assertEquals("app", props.get("quarkus.datasource.username"));
        assertEquals("secret", props.get("quarkus.datasource.password"));
        assertFalse(props.containsKey("quarkus.datasource.reactive.postgresql.ssl-mode"), "no sslmode, no ssl-mode");
    }

    @Test
    void userWithoutPasswordSetsOnlyTheUserName() {
        Map<String, String> props = DatabaseUrlConfigSourceFactory.toProperties("postgresql://reader@db:5432/tv");
        assertEquals("reader", props.get("quarkus.datasource.username"));
        assertFalse(props.containsKey("quarkus.datasource.password"));
    }

    @Test
    void sslModeIsFoundAmongOtherQueryParameters() {
        Map<String, String> props = DatabaseUrlConfigSourceFactory.toProperties(
                "postgresql://u:p@db:5432/tv?application_name=tickvault&sslmode=verify-full");
        assertEquals("verify-full", props.get("quarkus.datasource.reactive.postgresql.ssl-mode"));
        assertEquals("jdbc:postgresql://db:5432/tv?application_name=tickvault&sslmode=verify-full",
                props.get("quarkus.datasource.jdbc.url"));
    }

    @Test
    void percentEncodedCharactersInCredentialsAreDecoded() {
        Map<String, String> props = DatabaseUrlConfigSourceFactory.toProperties(
                "postgresql://us%3Aer:a%2Fb%3Ac%25d@db:5432/tv");
        assertEquals("us:er", props.get("quarkus.datasource.username"));
        assertEquals("a/b:c%d", props.get("quarkus.datasource.password"));
    }

    @Test
    void plusSignInPasswordIsKeptLiterally() {
        // In a URI (RFC 3986, and libpq) '+' is an ordinary character; only form encoding turns it into a space.
        Map<String, String> props = DatabaseUrlConfigSourceFactory.toProperties("postgresql://u:a+b@db:5432/tv");
        assertEquals("a+b", props.get("quarkus.datasource.password"));
    }

    @Test
    void otherSchemesAreRefused() {
        for (String url : new String[] {"mysql://u:p@db:3306/tv", "jdbc:postgresql://db:5432/tv",
                "http://db:5432/tv", "db:5432/tv"}) {
            assertThrows(IllegalArgumentException.class, () -> DatabaseUrlConfigSourceFactory.toProperties(url), url);
        }
    }

    @Test
    void urlWithoutHostIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> DatabaseUrlConfigSourceFactory.toProperties("postgresql:///tv"));
    }
}
