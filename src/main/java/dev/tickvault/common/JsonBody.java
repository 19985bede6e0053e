package dev.tickvault.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads JSON request bodies into trees, with 400 for what cannot be read (DESIGN 2: empty body,
 * malformed JSON, a body that is not an object where one is expected) and 413 for batches over the
 * limit. Rules on the values are checked afterwards with {@link FieldReader}, which locates each fault.
 */
public final class JsonBody {

    /** NDJSON media type. */
    public static final String NDJSON = "application/x-ndjson";

    /** Jackson's "[Source: ...; line: 1, column: 2]" location, reduced to "line: 1, column: 2". */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; (line: \\d+, column: \\d+)]");

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
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is empty, malformed or not an object
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
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is empty or malformed
     */
    public static JsonNode tree(ObjectMapper mapper, byte[] body) {
        if (body == null || isBlank(body)) {
            throw Problems.badRequest("The request body is empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw Problems.badRequest("Malformed JSON: " + message(e));
        }
        if (root == null || root.isMissingNode()) {
            throw Problems.badRequest("The request body is empty");
        }
        return root;
    }

    /**
     * Parses a body holding one JSON object, a JSON array of objects, or NDJSON (one object a line).
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is empty, malformed or holds
     *     something else than objects; 413 with more than {@code maxItems}
     */
    public static Items items(ObjectMapper mapper, byte[] body, boolean ndjson, int maxItems) {
        if (body == null || isBlank(body)) {
            throw Problems.badRequest("The request body is empty");
        }
        List<Item> items = new ArrayList<>();
        if (ndjson) {
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
                try {
                    node = mapper.readTree(line);
                } catch (IOException e) {
                    throw Problems.badRequest("Malformed JSON on line " + lineNo + ": " + message(e),
                            List.of(Fault.onLine(lineNo, null, "malformed JSON")));
                }
                if (node == null || !node.isObject()) {
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
     * A short description of why JSON (or CSV, read by the same parser) could not be read, with its
     * line and column, without the parser's source dump: at most 300 characters, fit for a problem's
     * detail.
     */
    public static String message(IOException e) {
        if (e instanceof JsonProcessingException jpe) {
            String message = SOURCE.matcher(jpe.getOriginalMessage()).replaceAll("$1");
            if (jpe.getLocation() != null) {
                message += " (line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr()
                        + ")";
            }
            return message.length() > 300 ? message.substring(0, 300) : message;
        }
        return "unreadable body";
    }
}
