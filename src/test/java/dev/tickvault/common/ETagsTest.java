package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ETagsTest {

    @Test
    void matchesQuotedWeakListedAndAnyVersions() {
        assertEquals("\"3\"", ETags.of(3));
        assertTrue(ETags.parseIfMatch("\"3\"").matches(3));
        assertFalse(ETags.parseIfMatch("\"3\"").matches(4));
        assertTrue(ETags.parseIfMatch("W/\"4\"").matches(4));
        assertTrue(ETags.parseIfMatch("\"1\", \"4\"").matches(4));
        assertTrue(ETags.parseIfMatch("*").matches(12));
        assertNull(ETags.parseIfMatch(null));
        assertNull(ETags.parseIfMatch(" "));
    }

    @Test
    void anUnquotedVersionIsABadRequest() {
        assertEquals(400, assertThrows(HttpProblem.class, () -> ETags.parseIfMatch("3")).getStatusCode());
        assertEquals(400, assertThrows(HttpProblem.class, () -> ETags.parseIfMatch("\"abc\"")).getStatusCode());
    }
}
