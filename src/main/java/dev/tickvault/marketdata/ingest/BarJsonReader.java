package dev.tickvault.marketdata.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Problems;
import dev.tickvault.marketdata.Bar;
import dev.tickvault.marketdata.ingest.BarRules.Fields;
import dev.tickvault.marketdata.ingest.BarRules.Value;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads bars from JSON (an array of bar objects, or one object) and NDJSON (one object a line) as a token
 * stream: no tree of the body, and numbers taken exactly from their text, never through a double. Each bar
 * is checked with {@link BarRules}; faults are located by JSON pointer ({@code /3/high}) or by NDJSON line.
 * Unknown fields are skipped.
 */
final class BarJsonReader {

    private final JsonFactory json;

    /** A reader parsing with {@code json}, the application mapper's factory (its read limits). */
    BarJsonReader(JsonFactory json) {
        this.json = json;
    }

    /**
     * Reads a JSON array of bars, or one bar object, into {@code bars} (null for a bar with faults).
     *
     * @return the bars read
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 (malformed, not an array or object, content after
     *     it), 413 (more than {@code maxRows} bars)
     */
    int readJson(byte[] body, Faults faults, List<Bar> bars, int maxRows) {
        try (JsonParser in = json.createParser(body)) {
            try {
                int count = readJson(in, faults, bars, maxRows);
                JsonBody.requireEnd(in);
                return count;
            } catch (IOException | NumberFormatException e) {
                // NumberFormatException: an exponent beyond what a BigDecimal holds (1e99999999999).
                throw Problems.badRequest("Malformed JSON at " + JsonBody.message(e, in));
            }
        } catch (IOException e) {
            throw Problems.badRequest("The request body cannot be read");
        }
    }

    private static int readJson(JsonParser in, Faults faults, List<Bar> bars, int maxRows) throws IOException {
        JsonToken first = in.nextToken();
        if (first == null) {
            throw Problems.badRequest("The request body is empty");
        }
        String[] last = new String[BarRules.FIELDS.length];
        if (first == JsonToken.START_OBJECT) {
            bars.add(BarRules.validate(readObject(in, last), "", -1, faults));
            return 1;
        }
        if (first != JsonToken.START_ARRAY) {
            throw Problems.badRequest("Expected a JSON array of bars");
        }
        int count = 0;
        JsonToken token;
        while ((token = in.nextToken()) != JsonToken.END_ARRAY) {
            if (count == maxRows) {
                in.skipChildren();
                throw Problems.tooLarge("A batch holds at most " + maxRows + " bars; this one has "
                        + (count + 1 + skipRest(in)));
            }
            if (token != JsonToken.START_OBJECT) {
                in.skipChildren();
                faults.add(Fault.at("/" + count, null, "must be a JSON object"));
                bars.add(null);
            } else {
                bars.add(BarRules.validate(readObject(in, last), "/" + count, -1, faults));
            }
            count++;
        }
        return count;
    }

    /**
     * Reads NDJSON, one bar object a line (blank lines skipped), into {@code bars} and their line numbers
     * into {@code lines}.
     *
     * @return the bars read
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 (a malformed line, or content after a line's
     *     value), 413 (more than {@code maxRows} bars)
     */
    int readNdjson(byte[] body, Faults faults, List<Bar> bars, List<Long> lines, int maxRows) {
        String text = new String(body, StandardCharsets.UTF_8);
        int count = 0;
        int lineNo = 0;
        String[] last = new String[BarRules.FIELDS.length];
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            if (++count > maxRows) {
                throw Problems.tooLarge("A batch holds at most " + maxRows + " bars");
            }
            ObjectFields fields;
            try (JsonParser in = json.createParser(line)) {
                try {
                    JsonToken first = in.nextToken();
                    if (first == JsonToken.START_OBJECT) {
                        fields = readObject(in, last);
                    } else {
                        in.skipChildren();
                        fields = null;
                    }
                    JsonBody.requireEnd(in);
                } catch (IOException | NumberFormatException e) {
                    throw Problems.badRequest("Malformed JSON on " + JsonBody.message(e, in, lineNo),
                            List.of(Fault.onLine(lineNo, null, "malformed JSON: " + JsonBody.reason(e))));
                }
            } catch (IOException e) {
                throw Problems.badRequest("The request body cannot be read");
            }
            if (fields == null) {
                faults.add(Fault.onLine(lineNo, null, "must be a JSON object"));
                bars.add(null);
                lines.add((long) lineNo);
                continue;
            }
            bars.add(BarRules.validate(fields, null, lineNo, faults));
            lines.add((long) lineNo);
        }
        return count;
    }

    /** Counts the elements left in an array, reading them to its end (malformed JSON still fails). */
    private static int skipRest(JsonParser in) throws IOException {
        int more = 0;
        while (in.nextToken() != JsonToken.END_ARRAY) {
            in.skipChildren();
            more++;
        }
        return more;
    }

    /**
     * The fields of the object the parser is on ({@code START_OBJECT}); unknown fields are skipped. {@code last}
     * holds the last string of each known field, given again when the next object has the same one.
     */
    private static ObjectFields readObject(JsonParser in, String[] last) throws IOException {
        Value[] values = new Value[BarRules.FIELDS.length];
        String name;
        while ((name = in.nextFieldName()) != null) {
            JsonToken token = in.nextToken();
            int index = BarRules.fieldIndex(name);
            Value value = switch (token) {
                case VALUE_STRING -> new Value(false, false, index < 0 ? in.getText() : text(in, last, index), null);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Value(false, false, null, decimal(in));
                case VALUE_NULL -> Value.NULL;
                default -> {
                    in.skipChildren();
                    yield Value.OTHER;
                }
            };
            if (index >= 0) {
                values[index] = value;
            }
        }
        return new ObjectFields(values);
    }

    /**
     * The string token the parser is on, as the same String as {@code last[index]} when it has the same characters:
     * a batch is mostly one symbol, one timeframe and one source, and its bars then share one string of each.
     */
    private static String text(JsonParser in, String[] last, int index) throws IOException {
        char[] chars = in.getTextCharacters();
        int start = in.getTextOffset();
        int length = in.getTextLength();
        String previous = last[index];
        if (previous != null && previous.length() == length) {
            int i = 0;
            while (i < length && previous.charAt(i) == chars[start + i]) {
                i++;
            }
            if (i == length) {
                return previous;
            }
        }
        return last[index] = new String(chars, start, length);
    }

    /**
     * The exact value of the number token the parser is on: plain decimals straight from the token's
     * characters ({@link BarRules#plainDecimal}), anything else through the parser's {@code getDecimalValue}.
     * Both are exact.
     */
    private static BigDecimal decimal(JsonParser in) throws IOException {
        // The characters first: fetching them may move the text, and with it the offset.
        char[] chars = in.getTextCharacters();
        int start = in.getTextOffset();
        BigDecimal plain = BarRules.plainDecimal(chars, start, start + in.getTextLength());
        return plain != null ? plain : in.getDecimalValue();
    }

    /** A JSON object's values of the known fields; a field it lacks is missing. */
    private record ObjectFields(Value[] values) implements Fields {
        @Override
        public Value get(String name) {
            Value value = values[BarRules.fieldIndex(name)];
            return value == null ? Value.MISSING : value;
        }
    }
}
