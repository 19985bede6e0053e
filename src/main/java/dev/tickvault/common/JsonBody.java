package dev.tickvault.common;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.quarkiverse.resteasy.problem.HttpProblem;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JSON request bodies into trees, with 400 for what cannot be read (DESIGN 2: empty body,
 * malformed JSON, content after the JSON value, a body that is not an object where one is expected) and
 * 413 for batches over the limit. Rules on the values are checked afterwards with {@link FieldReader},
 * which locates each fault; documents stored whole are checked here ({@link #document}).
 *
 * <p>Numbers are kept exactly as written: a float literal becomes a {@code BigDecimal} with its own digits
 * and scale ({@code 1.50} stays {@code 1.50}, {@code 1e999999999} stays itself), never a double, so the
 * rules judge the number the client sent and documents are stored with it.
 *
 * <p>Why a body cannot be read is said in tickvault's words ({@link #message}): where (line and column)
 * and a reason from a fixed set, never the parser's own message.
 */
public final class JsonBody {

    /** NDJSON media type. */
    public static final String NDJSON = "application/x-ndjson";

    /** The reason given for content after the JSON value. */
    public static final String TRAILING = "trailing content after the JSON value";

    private static final Pattern LIMIT = Pattern.compile("^(.*?) \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");
    private static final Pattern UNEXPECTED = Pattern.compile("^Unexpected (?:character \\('.*?' \\(code (\\d+)\\)\\)"
            + "|close marker '(.)')");
    private static final Pattern CONTROL = Pattern.compile("code (\\d+)\\)");

    /** The exact reader of the last mapper asked for: one application mapper, so built once. */
    private static volatile Exact exact;

    private record Exact(ObjectMapper mapper, ObjectReader reader) {
    }

    private JsonBody() {
    }

    /**
     * The objects of a body that may hold one object or a batch.
     *
     * @param items each object with its location (JSON pointer for JSON, line for NDJSON)
     * @param batch whether the body was an array or NDJSON (the answer is then a {@code {"data":[...]}} list)
     */
    public record Items(List<Item> items, boolean batch) {
    }

    /** One object of a body and where it was: {@code pointer} ("" or "/3") for JSON, {@code line} for NDJSON. */
    public record Item(JsonNode node, String pointer, long line) {

        /** A reader that reports faults at this item's location. */
        public FieldReader reader(Faults faults) {
            return new FieldReader(node, pointer, line, faults);
        }
    }

    /**
     * Parses a body that must be one JSON object.
     *
     * @throws HttpProblem 400 when it is empty, malformed, followed by more content or not an object
     */
    public static JsonNode object(ObjectMapper mapper, byte[] body) {
        JsonNode root = tree(mapper, body);
        if (!root.isObject()) {
            throw Problems.badRequest("Expected a JSON object");
        }
        return root;
    }

    /**
     * Parses a body that must be one JSON value of any kind (a cache entry, for example).
     *
     * @throws HttpProblem 400 when it is empty, malformed or followed by more content
     */
    public static JsonNode tree(ObjectMapper mapper, byte[] body) {
        if (body == null || isBlank(body)) {
            throw Problems.badRequest("The request body is empty");
        }
        ObjectReader reader = reader(mapper);
        try (JsonParser in = reader.createParser(body)) {
            try {
                return readOne(reader, in);
            } catch (IOException | NumberFormatException e) {
                throw Problems.badRequest("Malformed JSON at " + message(e, in));
            }
        } catch (IOException e) {
            throw Problems.badRequest("The request body cannot be read");
        }
    }

    /**
     * Parses a body that is stored whole as a JSON document (an agent's state, a cache value) and checks
     * it with {@link ValueRules#document}.
     *
     * @param objectOnly whether the document must be a JSON object
     * @throws HttpProblem 400 as {@link #tree}, or when {@code objectOnly} and it is not an object; 422 when
     *     it cannot be kept (the fault at its JSON pointer)
     */
    public static JsonNode document(ObjectMapper mapper, byte[] body, boolean objectOnly) {
        JsonNode root = objectOnly ? object(mapper, body) : tree(mapper, body);
        ValueRules.DocumentFault fault = ValueRules.document(root);
        if (fault != null) {
            String field = topMember(fault.pointer());
            throw Problems.invalid("The document cannot be stored: " + (fault.pointer().isEmpty() ? "it"
                    : "the value at " + fault.pointer()) + " " + fault.message(),
                    List.of(Fault.at(fault.pointer(), field, fault.message())));
        }
        return root;
    }

    /** The first member name of a pointer ({@code /a/b} gives {@code a}), unescaped; {@code null} for the root. */
    private static String topMember(String pointer) {
        if (pointer.isEmpty()) {
            return null;
        }
        int end = pointer.indexOf('/', 1);
        return (end < 0 ? pointer.substring(1) : pointer.substring(1, end)).replace("~1", "/").replace("~0", "~");
    }

    /**
     * Parses a body holding one JSON object, a JSON array of objects, or NDJSON (one object a line).
     *
     * @throws HttpProblem 400 when it is empty, malformed, followed by more content (on any NDJSON line) or
     *     holds something else than objects; 413 with more than {@code maxItems}
     */
    public static Items items(ObjectMapper mapper, byte[] body, boolean ndjson, int maxItems) {
        if (body == null || isBlank(body)) {
            throw Problems.badRequest("The request body is empty");
        }
        List<Item> items = new ArrayList<>();
        if (ndjson) {
            ObjectReader reader = reader(mapper);
            String text = new String(body, StandardCharsets.UTF_8);
            long lineNo = 0;
            for (String line : text.split("\n", -1)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (items.size() == maxItems) {
                    throw Problems.tooLarge("A batch holds at most " + maxItems + " records");
                }
                JsonNode node;
                try (JsonParser in = reader.createParser(line)) {
                    try {
                        node = readOne(reader, in);
                    } catch (IOException | NumberFormatException e) {
                        throw Problems.badRequest("Malformed JSON on " + message(e, in, lineNo),
                                List.of(Fault.onLine(lineNo, null, "malformed JSON: " + reason(e))));
                    }
                } catch (IOException e) {
                    throw Problems.badRequest("The request body cannot be read");
                }
                if (!node.isObject()) {
                    throw Problems.badRequest("Line " + lineNo + " is not a JSON object",
                            List.of(Fault.onLine(lineNo, null, "must be a JSON object")));
                }
                items.add(new Item(node, null, lineNo));
            }
            if (items.isEmpty()) {
                throw Problems.badRequest("The request body holds no records");
            }
            return new Items(items, true);
        }
        JsonNode root = tree(mapper, body);
        if (root.isObject()) {
            return new Items(List.of(new Item(root, "", 0)), false);
        }
        if (!root.isArray()) {
            throw Problems.badRequest("Expected a JSON object or an array of objects");
        }
        if (root.isEmpty()) {
            throw Problems.badRequest("The request body holds no records");
        }
        if (root.size() > maxItems) {
            throw Problems.tooLarge("A batch holds at most " + maxItems + " records; this one has " + root.size());
        }
        List<Fault> notObjects = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode element = root.get(i);
            if (!element.isObject()) {
                notObjects.add(Fault.at("/" + i, null, "must be a JSON object"));
            }
            items.add(new Item(element, "/" + i, 0));
        }
        if (!notObjects.isEmpty()) {
            throw Problems.badRequest("Every element of the array must be a JSON object", notObjects);
        }
        return new Items(items, true);
    }

    /**
     * Reads a record from its fields; {@link FieldReader} adds a {@link Fault} for each broken rule.
     *
     * @param <T> the record
     */
    @FunctionalInterface
    public interface RecordReader<T> {
        /** The record, or {@code null} when a rule is broken (a fault is then recorded). */
        T read(FieldReader in, Faults faults);
    }

    /** Records read from a body, in input order, and whether the body was a batch (array or NDJSON). */
    public record Records<T>(List<T> records, boolean batch) {
    }

    /**
     * Reads a body holding one JSON object into a typed record, checking every rule.
     *
     * @param notDone what did not happen, for the 422's detail ("the trade was not opened")
     * @throws HttpProblem 400 when the body cannot be read, 422 listing every broken rule
     */
    public static <T> T record(ObjectMapper mapper, byte[] body, RecordReader<T> reader, String notDone) {
        Faults faults = new Faults();
        T record = reader.read(FieldReader.root(object(mapper, body), faults), faults);
        if (faults.any()) {
            throw Problems.invalid(faults.total() + " invalid value(s); " + notDone, faults.list());
        }
        return record;
    }

    /**
     * Reads a body holding one object, a JSON array of objects or NDJSON into typed records, checking every
     * rule of every record before any is used.
     *
     * @param noun the record's name in the plural, for the 422's detail ("decision(s)")
     * @throws HttpProblem 400 when the body cannot be read, 413 with more than {@code maxItems}, 422 listing
     *     the broken rules (by JSON pointer or NDJSON line)
     */
    public static <T> Records<T> records(ObjectMapper mapper, byte[] body, boolean ndjson, int maxItems,
            RecordReader<T> reader, String noun) {
        Items items = items(mapper, body, ndjson, maxItems);
        Faults faults = new Faults();
        List<T> records = new ArrayList<>(items.items().size());
        for (Item item : items.items()) {
            records.add(reader.read(item.reader(faults), faults));
        }
        if (faults.any()) {
            throw Problems.invalid(faults.total() + " invalid value(s) in " + records.size() + " " + noun
                    + "; nothing was written", faults.list());
        }
        return new Records<>(records, items.batch());
    }

    /** Whether a body holds only whitespace (space, tab, CR, LF). */
    public static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * A reader of {@code mapper}'s configuration that keeps numbers exactly: float literals as
     * {@code BigDecimal} with their own scale, not doubles.
     */
    private static ObjectReader reader(ObjectMapper mapper) {
        Exact current = exact;
        if (current == null || current.mapper() != mapper) {
            current = new Exact(mapper, mapper.readerFor(JsonNode.class)
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .with(JsonNodeFactory.withExactBigDecimals(true)));
            exact = current;
        }
        return current.reader();
    }

    /** The one value of the input, which must be followed by nothing but whitespace. */
    private static JsonNode readOne(ObjectReader reader, JsonParser in) throws IOException {
        JsonNode root = reader.readTree(in);
        if (root == null) {
            if (in.currentToken() != JsonToken.VALUE_NULL) {
                throw new JsonEOFException(in, null, "no content");
            }
            root = NullNode.getInstance();
        }
        requireEnd(in);
        return root;
    }

    /**
     * Checks that nothing but whitespace follows the value the parser has just read: a second document,
     * a stray bracket or any other content fails like malformed JSON, with the reason {@link #TRAILING}.
     *
     * @throws IOException a {@link JsonParseException} located at the trailing content
     */
    public static void requireEnd(JsonParser in) throws IOException {
        JsonToken next;
        try {
            next = in.nextToken();
        } catch (JsonProcessingException e) {
            throw new TrailingContent(in, e.getLocation());
        }
        if (next != null) {
            throw new TrailingContent(in, in.currentTokenLocation());
        }
    }

    /** Content after the JSON value. */
    private static final class TrailingContent extends JsonParseException {
        TrailingContent(JsonParser in, JsonLocation location) {
            super(in, TRAILING, location);
        }
    }

    /**
     * Why JSON could not be read and where, in tickvault's words, for a problem's detail:
     * {@code "line 3, column 14: unexpected end of input"}. The location is the error's, or else where
     * {@code in} stopped.
     */
    public static String message(Exception e, JsonParser in) {
        return message(e, in, 0);
    }

    /**
     * As {@link #message(Exception, JsonParser)}, for the parser of one NDJSON line: {@code line} is that
     * line's number in the body, the column the one within it.
     */
    public static String message(Exception e, JsonParser in, long line) {
        JsonLocation location = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
        if (location == null && in != null) {
            location = in.currentLocation();
        }
        if (location == null) {
            return (line > 0 ? "line " + line + ": " : "") + reason(e);
        }
        return "line " + (line > 0 ? line : location.getLineNr()) + ", column " + location.getColumnNr() + ": "
                + reason(e);
    }

    /**
     * Why JSON could not be read, from a fixed set of reasons: unexpected end of input, an unexpected
     * character, a value over a size limit (which, with the numbers), NaN or Infinity, a malformed number
     * or escape, a control character in a string, invalid UTF-8, trailing content, or "not valid JSON".
     */
    public static String reason(Exception e) {
        if (e instanceof TrailingContent) {
            return TRAILING;
        }
        if (e instanceof NumberFormatException) {
            return "a number whose exponent is out of range";
        }
        if (e instanceof StreamConstraintsException limit) {
            return overLimit(limit.getOriginalMessage());
        }
        if (e instanceof JsonEOFException) {
            return "unexpected end of input";
        }
        if (e instanceof CharConversionException) {
            return "invalid UTF-8";
        }
        String text = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : null;
        if (text == null) {
            return "not valid JSON";
        }
        if (text.startsWith("Non-standard token")) {
            return "NaN and Infinity are not allowed: a number must be finite";
        }
        if (text.startsWith("Invalid UTF-8") || text.startsWith("Invalid UTF-32")) {
            return "invalid UTF-8";
        }
        if (text.startsWith("Illegal unquoted character")) {
            Matcher code = CONTROL.matcher(text);
            return "a control character" + (code.find() ? " (" + codePoint(Integer.parseInt(code.group(1))) + ")" : "")
                    + " inside a string must be escaped";
        }
        if (text.contains("Leading zeroes not allowed")) {
            return "a number with a leading zero";
        }
        if (text.contains("in numeric value") || text.startsWith("Invalid numeric value")
                || text.startsWith("Malformed numeric value")) {
            return "a malformed number";
        }
        if (text.startsWith("Unrecognized character escape") || text.contains("escape sequence")) {
            return "an invalid escape sequence in a string";
        }
        if (text.startsWith("Unrecognized token")) {
            return "unexpected characters: expected a string, number, object, array, true, false or null";
        }
        if (text.startsWith("Unexpected end-of-input") || text.startsWith("No content")) {
            return "unexpected end of input";
        }
        Matcher unexpected = UNEXPECTED.matcher(text);
        if (unexpected.find()) {
            int c = unexpected.group(1) != null ? Integer.parseInt(unexpected.group(1)) : unexpected.group(2).charAt(0);
            return "unexpected character " + codePoint(c);
        }
        return "not valid JSON";
    }

    /** A limit of the parser, in numbers: "a number of 1500 characters, over the limit of 1000". */
    private static String overLimit(String text) {
        Matcher m = LIMIT.matcher(text == null ? "" : text);
        if (!m.find()) {
            return "a value over a size limit";
        }
        String what = m.group(1);
        String actual = m.group(2);
        String max = m.group(3);
        if (what.contains("nesting depth")) {
            return "nested deeper than " + max + " levels";
        }
        if (what.startsWith("Number")) {
            return "a number of " + actual + " characters, over the limit of " + max;
        }
        if (what.startsWith("String")) {
            return "a string of " + actual + " characters, over the limit of " + max;
        }
        if (what.startsWith("Name")) {
            return "a field name of " + actual + " characters, over the limit of " + max;
        }
        if (what.startsWith("Document length")) {
            return "a document of " + actual + " bytes, over the limit of " + max;
        }
        if (what.startsWith("Token count")) {
            return "more than " + max + " tokens";
        }
        return "a value over a size limit of " + max;
    }

    /** A character for a message: {@code '}'} when printable ASCII, else {@code U+0001}. */
    private static String codePoint(int c) {
        return c > 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
    }
}
