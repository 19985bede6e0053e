package dev.tickvault.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading JSON bodies: trailing content refused, numbers kept exactly, reasons in tickvault's own words. */
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
    void numbersAreKeptExactlyAsWritten() {
        JsonNode node = JsonBody.object(MAPPER, bytes("{\"p\":12345678901.123456785,\"z\":1.50,\"e\":1e999999999,"
                + "\"t\":1e-999999999,\"i\":12345678901234567890123}"));
        assertEquals(new BigDecimal("12345678901.123456785"), node.get("p").decimalValue());
        assertEquals(new BigDecimal("1.50"), node.get("z").decimalValue());
        assertEquals(new BigDecimal("1e999999999"), node.get("e").decimalValue());
        assertEquals(new BigDecimal("1e-999999999"), node.get("t").decimalValue());
        assertEquals(new BigDecimal("12345678901234567890123"), node.get("i").decimalValue());
        JsonNode item = JsonBody.items(MAPPER, bytes("{\"p\":0.1}"), true, 10).items().get(0).node();
        assertEquals(new BigDecimal("0.1"), item.get("p").decimalValue());
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
    void anExponentBeyondWhatADecimalHoldsIsABadRequestNotAServerError() {
        HttpProblem problem = refused(() -> JsonBody.tree(MAPPER, bytes("{\"a\":1e99999999999}")));
        assertEquals(400, problem.getStatusCode());
        assertTrue(problem.getDetail().contains("exponent"), problem.getDetail());
        assertEquals(400, refused(() -> JsonBody.items(MAPPER, bytes("{\"a\":-1e-99999999999}"), true, 10))
                .getStatusCode());
    }

    @Test
    void aDocumentThatCannotBeKeptIsUnprocessableAtItsPointer() {
        HttpProblem problem = refused(() -> JsonBody.document(MAPPER, bytes("{\"a\":[1,\"x\\u0000\"]}"), true));
        assertEquals(422, problem.getStatusCode());
        @SuppressWarnings("unchecked")
        List<Fault> faults = (List<Fault>) problem.getParameters().get("errors");
        assertEquals("/a/1", faults.get(0).pointer());
        assertEquals("a", faults.get(0).field());
        assertEquals(400, refused(() -> JsonBody.document(MAPPER, bytes("[1]"), true)).getStatusCode());
        assertEquals(2, JsonBody.document(MAPPER, bytes("[1,{\"b\":null}]"), false).size());
        assertTrue(JsonBody.document(MAPPER, bytes("null"), false).isNull());
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
