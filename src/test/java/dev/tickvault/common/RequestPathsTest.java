package dev.tickvault.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The normal form of request paths (RFC 3986 3.3, 6.2.2), as plain logic. */
class RequestPathsTest {

    @Test
    void acceptsThePathsTheApiDocuments() {
        for (String path : new String[] {"/", "/api/v1/symbols", "/api/v1/symbols/", "/api/v1/bars/%5EGSPC/latest",
                "/api/v1/bars/ES=F", "/api/v1/bars/BRK.B", "/api/v1/cache/ns/a/b/c", "/%61pi/v1/symbols",
                "/api/v1/bars/...X", "/q/health/ready", "/api/v1/cache/ns/%20key%7E"}) {
            assertNull(RequestPaths.fault(path), path);
        }
    }

    @Test
    void refusesEmptySegments() {
        assertEquals("it has an empty segment (//)", RequestPaths.fault("//api/v1/symbols"));
        assertNotNull(RequestPaths.fault("/api/v1//symbols"));
        assertNotNull(RequestPaths.fault("///"));
    }

    @Test
    void refusesDotSegmentsPlainOrEncoded() {
        for (String path : new String[] {"/q/../api/v1/symbols", "/./api", "/api/.", "/api/..", "/%2e/api",
                "/%2E%2E/api", "/.%2e/api", "/q/health/%2e%2e/%2e%2e/api/v1/x"}) {
            assertEquals("it has a dot segment (. or ..)", RequestPaths.fault(path), path);
        }
    }

    @Test
    void refusesPathParametersBackslashesAndEncodedSlashes() {
        assertEquals("it has a path parameter (;)", RequestPaths.fault("/api;/v1/symbols"));
        assertEquals("it has a path parameter (;)", RequestPaths.fault("/..;/api"));
        assertEquals("it has a \\", RequestPaths.fault("/api\\v1"));
        assertEquals("it has an encoded / or \\", RequestPaths.fault("/api%2Fv1/symbols"));
        assertEquals("it has an encoded / or \\", RequestPaths.fault("/api%2fv1"));
        assertEquals("it has an encoded / or \\", RequestPaths.fault("/api%5cv1"));
    }

    @Test
    void refusesControlCharactersAndBrokenEncoding() {
        assertEquals("it has a control character", RequestPaths.fault("/api/v1/x%00"));
        assertEquals("it has a control character", RequestPaths.fault("/api/v1/x%1F"));
        assertEquals("it has a control character", RequestPaths.fault("/api/v1/x%7f"));
        assertEquals("it has a control character", RequestPaths.fault("/api/v1/x\u0001"));
        assertEquals("it has a broken percent-encoding", RequestPaths.fault("/api/v1/%zz"));
        assertEquals("it has a broken percent-encoding", RequestPaths.fault("/api/v1/%"));
        assertEquals("it has a broken percent-encoding", RequestPaths.fault("/api/v1/%2/x"));
    }

    @Test
    void findsControlCharactersInQueryStrings() {
        assertTrue(RequestPaths.hasControlCharacter("strategy=%00"));
        assertTrue(RequestPaths.hasControlCharacter("a=1&b=x%7F"));
        assertTrue(RequestPaths.hasControlCharacter("a=\u0001"));
        assertFalse(RequestPaths.hasControlCharacter("symbols=%5EGSPC,ES%3DF&from=2020-01-01"));
        assertFalse(RequestPaths.hasControlCharacter("a=%zz"));
        assertFalse(RequestPaths.hasControlCharacter(null));
    }

    @Test
    void refusesARelativeOrEmptyPath() {
        assertEquals("it must start with /", RequestPaths.fault("api/v1"));
        assertEquals("it must start with /", RequestPaths.fault(""));
        assertEquals("it must start with /", RequestPaths.fault(null));
    }
}
