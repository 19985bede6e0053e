package dev.tickvault.ops.db;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** libpq connection URIs (PostgreSQL manual 34.1.1.2), the one parser of every database URL setting. */
class DatabaseUrlTest {

    @Test
    void readsEveryPartDecoded() {
        DatabaseUrl url = DatabaseUrl.parse("X", "postgresql://app%40tv:p%3As+s@db.example:6543/tick%20vault?sslmode=verify-full&x=a%26b");
        assertEquals("db.example", url.host());
        assertEquals(6543, url.port());
        assertEquals("tick vault", url.database());
        assertEquals("app@tv", url.user());
        assertEquals("p:s+s", url.password(), "+ stays a plus sign, as libpq reads it");
        assertEquals(Map.of("sslmode", "verify-full", "x", "a&b"), url.parameters());
        assertEquals("sslmode=verify-full&x=a%26b", url.rawQuery());
    }

    @Test
    void defaultsThePortAndLeavesAbsentPartsNull() {
        DatabaseUrl url = DatabaseUrl.parse("X", "postgres://db");
        assertEquals(5432, url.port());
        assertNull(url.database());
        assertNull(url.user());
        assertNull(url.password());
        assertEquals(Map.of(), url.parameters());
    }

    @Test
    void refusesOtherSchemesAndMissingHostsNamingTheSetting() {
        assertEquals("DATABASE_URL must start with postgresql:// or postgres://",
                assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("DATABASE_URL", "mysql://db/x"))
                        .getMessage());
        assertEquals("TICKVAULT_NOTIFICATIONS_DATABASE_URL has no host", assertThrows(IllegalArgumentException.class,
                () -> DatabaseUrl.parse("TICKVAULT_NOTIFICATIONS_DATABASE_URL", "postgresql:///x")).getMessage());
    }
}
