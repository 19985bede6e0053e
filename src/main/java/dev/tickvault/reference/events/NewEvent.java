package dev.tickvault.reference.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import dev.tickvault.common.Identifiers;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Symbols;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A calendar event as posted (DESIGN 10): {@code eventType} (an identifier such as {@code cpi_release},
 * {@code earnings}, {@code market_closure}), {@code eventAt}, {@code name} (up to 500 characters),
 * {@code impact} (1 low to 4 highest) and {@code source} (200) required; {@code symbol}, {@code currency}
 * (ISO 4217, {@code USD}), {@code country} (ISO 3166-1 alpha-2, {@code US}) and the figures {@code actual},
 * {@code forecast}, {@code previous} (decimals that fit {@code NUMERIC(20,8)}) optional.
 */
@Schema(description = "A calendar event to record. Example: an NYSE closure of the sample data.",
        requiredProperties = {"eventType", "eventAt", "name", "impact", "source"})
public record NewEvent(
        @Schema(description = "The kind of event, an identifier (cpi_release, earnings, market_closure).",
                pattern = Identifiers.RULE, examples = "market_closure") String eventType,
        @Schema(description = "When the event happens, RFC 3339 in UTC.", examples = "2001-09-11T00:00:00Z")
        Instant eventAt,
        @Schema(description = "The event's name.", maxLength = 500, examples = "NYSE closed: September 11 attacks")
        String name,
        @Schema(description = "Expected impact, an integer from 1 (low) to 4 (highest).", minimum = "1",
                maximum = "4", examples = "4") int impact,
        @Schema(description = "Instrument symbol the event concerns.", pattern = Symbols.PATTERN) String symbol,
        @Schema(description = "ISO 4217 currency code (three letters, any case; stored upper-cased).",
                pattern = "^[A-Za-z]{3}$", examples = "USD") String currency,
        @Schema(description = "ISO 3166-1 alpha-2 country code (two letters, any case; stored upper-cased).",
                pattern = "^[A-Za-z]{2}$", examples = "US") String country,
        @Schema(description = "The released figure, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).") BigDecimal actual,
        @Schema(description = "The forecast figure, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).") BigDecimal forecast,
        @Schema(description = "The previous figure, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).") BigDecimal previous,
        @Schema(description = "Who published the event.", maxLength = 200, examples = "NYSE (public record)")
        String source) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

    /** Reads an event, adding a fault for each broken rule; {@code null} when any rule is broken. */
    public static NewEvent read(FieldReader in, Faults faults) {
        int before = faults.total();
        String eventType = in.identifier("eventType", true);
        Instant eventAt = in.timestamp("eventAt", true);
        String name = in.text("name", true, 500);
        Long impact = in.integer("impact", true, 1, 4);
        String symbol = in.absent("symbol") ? null : in.symbol("symbol");
        String currency = code(in, "currency", CURRENCY, "must be an ISO 4217 currency code such as USD");
        String country = code(in, "country", COUNTRY, "must be an ISO 3166-1 alpha-2 country code such as US");
        BigDecimal actual = in.decimal("actual", false);
        BigDecimal forecast = in.decimal("forecast", false);
        BigDecimal previous = in.decimal("previous", false);
        String source = in.text("source", true, 200);
        if (faults.total() != before) {
            return null;
        }
        return new NewEvent(eventType, eventAt, name, impact.intValue(), symbol, currency, country, actual, forecast,
                previous, source);
    }

    /**
     * The events of a body (one JSON object, an array, or NDJSON), every rule checked, no event twice.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when unreadable, 413 over {@code maxBatch}, 422
     *     listing every fault
     */
    public static JsonBody.Records<NewEvent> readBatch(ObjectMapper mapper, byte[] body, boolean ndjson,
            int maxBatch) {
        JsonBody.Items items = JsonBody.items(mapper, body, ndjson, maxBatch);
        Faults faults = new Faults();
        List<NewEvent> events = new ArrayList<>(items.items().size());
        Set<String> keys = new HashSet<>();
        for (JsonBody.Item item : items.items()) {
            NewEvent event = NewEvent.read(item.reader(faults), faults);
            if (event != null && !keys.add(event.naturalKey())) {
                String message = "the same event (eventType, eventAt, name, symbol, country) appears twice in the batch";
                faults.add(item.pointer() != null ? Fault.at(item.pointer() + "/name", "name", message)
                        : Fault.onLine(item.line(), "name", message));
            }
            events.add(event);
        }
        if (faults.any()) {
            throw Problems.invalid(faults.total() + " invalid value(s) in " + events.size()
                    + " event(s); nothing was written", faults.list());
        }
        return new JsonBody.Records<>(events, items.batch());
    }

    /** The event's identity: the same type, time, name, symbol and country is the same event. */
    String naturalKey() {
        return eventType + '\n' + eventAt + '\n' + name + '\n' + (symbol == null ? "" : symbol) + '\n'
                + (country == null ? "" : country);
    }

    /** An upper-cased code of the form {@code pattern}, or {@code null} (with a fault when malformed). */
    static String code(FieldReader in, String field, Pattern pattern, String rule) {
        String text = in.text(field, false, 16);
        if (text == null) {
            return null;
        }
        if (!pattern.matcher(text).matches()) {
            in.fault(field, rule);
            return null;
        }
        return text.toUpperCase(Locale.ROOT);
    }
}
