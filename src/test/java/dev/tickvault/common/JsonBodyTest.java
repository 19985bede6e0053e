package dev.tickvault.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading JSON bodies: trailing content refused, reasons in tickvault's own words. */
class JsonBodyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpProblem refused(Runnable read) {
        return assertThrows(HttpProblem.class, read::run);
    }

    private static void assertPlainWords(String detail) {
        for (String internal : List.of("Jackson", "jackson", "StreamReadConstraints", "JsonReadFeature", "`",
                "com.fasterxml", "java.", "Exception", "Source:", "Unrecognized", "CTRL-CHAR")) {
            assertTrue(!detail.contains(internal), "'" + internal + "' in: " + detail);
        }
    }

    @Test
    void trailingContentAfterTheValueIsABadRequest() {
        for (String body : List.of("{\"a\":1}{\"b\":2}", "[1][2]", "[1]garbage", "{} 1", "\"x\" \"y\"", "{}]", "[1],")) {
            HttpProblem problem = refused(() -> JsonBody.tree(MAPPER, bytes(body)));
            assertEquals(400, problem.getStatusCode(), body);
            assertTrue(problem.getDetail().contains("trailing content"), problem.getDetail());
            assertPlainWords(problem.getDetail());
        }
        assertEquals(400, refused(() -> JsonBody.object(MAPPER, bytes("{}{}"))).getStatusCode());
        assertEquals(400, refused(() -> JsonBody.items(MAPPER, bytes("[{}][{}]"), false, 10)).getStatusCode());
        assertEquals(400, refused(() -> JsonBody.items(MAPPER, bytes("{}{}"), false, 10)).getStatusCode());
        // Whitespace after the value is not content.
        assertTrue(JsonBody.object(MAPPER, bytes(" {\"a\":1} \r\n\t ")).has("a"));
    }

    @Test
    void anNdjsonLineWithTrailingContentIsABadRequestOnThatLine() {
        HttpProblem problem = refused(() -> JsonBody.items(MAPPER, bytes("{\"a\":1}\n{\"a\":2}garbage\n"), true, 10));
        assertEquals(400, problem.getStatusCode());
        assertTrue(problem.getDetail().contains("line 2"), problem.getDetail());
        assertTrue(problem.getDetail().contains("trailing content"), problem.getDetail());
        @SuppressWarnings("unchecked")
        List<Fault> faults = (List<Fault>) problem.getParameters().get("errors");
        assertEquals(2L, faults.get(0).line());
    }

    @Test
    void reasonsAreGivenInTickvaultsWordsWithLineAndColumn() {
        assertReason("{\"a\":NaN}", "NaN");
        assertReason("{\"a\":-Infinity}", "NaN");
        assertReason("{\"a\":" + "1".repeat(1_500) + "}", "1000");
        assertReason("{\"a\":" + "1".repeat(1_500) + ".5}", "1000");
        assertReason("[".repeat(1_500) + "]".repeat(1_500), "1000");
        assertReason("{\"a\":", "end");
        assertReason("{\"a\" 1}", "unexpected character");
        assertReason("{\"a\":tru}", "unexpected");
        assertReason("{\"a\":\"x\u0001\"}", "control character");
        assertReason("{\"a\":01}", "leading zero");
        assertReason("{\"a\":\"\\x\"}", "escape");
    }

    @Test
    void invalidUtf8IsABadRequest() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        HttpProblem problem = refused(() -> JsonBody.tree(MAPPER, body));
        assertEquals(400, problem.getStatusCode());
        assertPlainWords(problem.getDetail());
        assertTrue(problem.getDetail().contains("UTF-8"), problem.getDetail());
    }

    private static void assertReason(String body, String reason) {
        HttpProblem problem = refused(() -> JsonBody.tree(MAPPER, bytes(body)));
        assertEquals(400, problem.getStatusCode(), body);
        String detail = problem.getDetail();
        assertPlainWords(detail);
        assertTrue(detail.matches("(?s).*line 1, column \\d+.*"), detail);
        assertTrue(detail.contains(reason), "'" + reason + "' expected in: " + detail);
    }
}
