package dev.tickvault.reference.economic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Problems;
import dev.tickvault.common.ValueRules;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a batch of observations (DESIGN 10) from JSON (one object or an array), NDJSON or CSV with the
 * header {@code date,value[,preliminary]} (names matched ignoring case, spaces and underscores), checking
 * every row before any is used: {@code date} a plain ISO date, {@code value} a decimal that fits
 * {@code NUMERIC(20,8)}, {@code preliminary} true or false, no date twice in one batch. Faults are located
 * by JSON pointer or line (the CSV header is line 1).
 */
public final class ObservationReader {

    /** The body formats accepted. */
    public enum Format {
        JSON, NDJSON, CSV
    }

    private static final CsvMapper CSV = new CsvMapper();

    private ObservationReader() {
    }

    /**
     * The observations of a body, in input order.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when the body cannot be read (also a CSV without
     *     a {@code date} or {@code value} column, or a row with another number of fields than the header),
     *     413 with more than {@code maxRows}, 422 listing every broken rule (nothing written)
     */
    public static List<NewObservation> read(ObjectMapper mapper, byte[] body, Format format, int maxRows) {
        Faults faults = new Faults();
        List<NewObservation> rows = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        if (format == Format.CSV) {
            readCsv(body, maxRows, faults, rows, lines);
        } else {
            for (JsonBody.Item item : JsonBody.items(mapper, body, format == Format.NDJSON, maxRows).items()) {
                rows.add(readJson(item.reader(faults)));
                pointers.add(item.pointer());
                lines.add(item.line());
            }
        }
        Map<LocalDate, Integer> seen = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            NewObservation row = rows.get(i);
            if (row == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(row.date(), i);
            if (first != null) {
                String message = "date " + row.date() + " appears twice in the batch";
                faults.add(format == Format.JSON ? Fault.at(pointers.get(i) + "/date", "date", message)
                        : Fault.onLine(lines.get(i), "date", message));
            }
        }
        if (faults.any()) {
            throw Problems.invalid(faults.total() + " invalid value(s) in " + rows.size()
                    + " observation(s); nothing was written", faults.list());
        }
        return rows;
    }

    private static NewObservation readJson(FieldReader in) {
        String text = in.text("date", true, 64);
        LocalDate date = text == null ? null : NewObservation.date(text, "date", (field, inner, message) -> in.fault(field, message));
        BigDecimal value = in.decimal("value", true);
        Boolean preliminary = in.bool("preliminary", false);
        return date == null || value == null ? null : new NewObservation(date, value, Boolean.TRUE.equals(preliminary));
    }

    private static void readCsv(byte[] body, int maxRows, Faults faults, List<NewObservation> out, List<Long> lines) {
        if (body == null || JsonBody.isBlank(body)) {
            throw Problems.badRequest("The request body is empty");
        }
        CsvSchema schema = CsvSchema.emptySchema().withoutHeader();
        try (MappingIterator<String[]> rows = CSV.readerFor(String[].class).with(schema)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).with(CsvParser.Feature.TRIM_SPACES)
                .with(CsvParser.Feature.SKIP_EMPTY_LINES).readValues(body)) {
            String[] header = rows.nextValue();
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                columns.put(header[i].toLowerCase(Locale.ROOT).replace(" ", "").replace("_", ""), i);
            }
            List<String> missing = new ArrayList<>();
            for (String name : List.of("date", "value")) {
                if (!columns.containsKey(name)) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                throw Problems.badRequest("The CSV header lacks required column(s): " + String.join(", ", missing),
                        List.of(Fault.onLine(1, null, "missing " + String.join(", ", missing))));
            }
            Integer preliminaryColumn = columns.get("preliminary");
            while (true) {
                long line = rows.getCurrentLocation().getLineNr();
                if (!rows.hasNextValue()) {
                    break;
                }
                String[] row = rows.nextValue();
                if (row.length == 1 && row[0].isEmpty()) {
                    continue;
                }
                if (out.size() == maxRows) {
                    throw Problems.tooLarge("A batch holds at most " + maxRows + " observations");
                }
                if (row.length != header.length) {
                    throw Problems.badRequest("Malformed CSV: line " + line + " has " + row.length
                            + " column(s), the header has " + header.length,
                            List.of(Fault.onLine(line, null, "expected " + header.length + " columns")));
                }
                ValueRules.Reporter report = ValueRules.reporter(faults, null, line);
                out.add(csvRow(row, columns.get("date"), columns.get("value"), preliminaryColumn, report));
                lines.add(line);
            }
            if (out.isEmpty()) {
                throw Problems.badRequest("The request body holds no observations");
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw Problems.badRequest("Malformed CSV" + where + ": not valid CSV");
        } catch (IOException e) {
            throw Problems.badRequest("The CSV body cannot be read");
        }
    }

    private static NewObservation csvRow(String[] row, int dateColumn, int valueColumn, Integer preliminaryColumn,
            ValueRules.Reporter report) {
        String dateText = row[dateColumn];
        LocalDate date = null;
        if (dateText.isEmpty()) {
            report.fault("date", "is required");
        } else {
            date = NewObservation.date(dateText, "date", report);
        }
        String valueText = row[valueColumn];
        BigDecimal value = null;
        if (valueText.isEmpty()) {
            report.fault("value", "is required");
        } else {
            BigDecimal number = number(valueText);
            if (number == null) {
                report.fault("value", "must be a number");
            } else {
                value = ValueRules.decimal(number, "value", report);
            }
        }
        boolean preliminary = false;
        if (preliminaryColumn != null) {
            String flag = row[preliminaryColumn].toLowerCase(Locale.ROOT);
            if (flag.equals("true")) {
                preliminary = true;
            } else if (!flag.isEmpty() && !flag.equals("false")) {
                report.fault("preliminary", "must be true or false");
                return null;
            }
        }
        return date == null || value == null ? null : new NewObservation(date, value, preliminary);
    }

    /** A plain or scientific decimal of at most 1,000 characters, or {@code null}. */
    private static BigDecimal number(String text) {
        if (text.length() > 1_000) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
