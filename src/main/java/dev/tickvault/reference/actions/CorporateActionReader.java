package dev.tickvault.reference.actions;

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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a batch of corporate actions from JSON (one object or an array), NDJSON, or CSV with the header
 * {@code symbol,exDate,type,ratio,amount[,note]} (names matched ignoring case, spaces and underscores; the
 * layout of {@code corporate-actions.csv}), every rule checked before any is used, no action (symbol, ex-date,
 * type) twice. Faults by JSON pointer or line (the CSV header is line 1).
 */
public final class CorporateActionReader {

    /** The body formats accepted. */
    public enum Format {
        JSON, NDJSON, CSV
    }

    private static final CsvMapper CSV = new CsvMapper();
    private static final List<String> REQUIRED = List.of("symbol", "exdate", "type");

    private CorporateActionReader() {
    }

    /**
     * The actions of a body, in input order.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when unreadable (also a CSV without a required
     *     column or a row of another width than the header), 413 over {@code maxRows}, 422 listing every fault
     */
    public static List<NewCorporateAction> read(ObjectMapper mapper, byte[] body, Format format, int maxRows) {
        Faults faults = new Faults();
        List<NewCorporateAction> actions = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        if (format == Format.CSV) {
            readCsv(body, maxRows, faults, actions, lines);
        } else {
            for (JsonBody.Item item : JsonBody.items(mapper, body, format == Format.NDJSON, maxRows).items()) {
                actions.add(readJson(item.reader(faults), faults));
                pointers.add(item.pointer());
                lines.add(item.line());
            }
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < actions.size(); i++) {
            NewCorporateAction action = actions.get(i);
            if (action != null && !keys.add(action.key())) {
                String message = "the same symbol, exDate and type appear twice in the batch";
                faults.add(format == Format.JSON ? Fault.at(pointers.get(i) + "/exDate", "exDate", message)
                        : Fault.onLine(lines.get(i), "exDate", message));
            }
        }
        if (faults.any()) {
            throw Problems.invalid(faults.total() + " invalid value(s) in " + actions.size()
                    + " corporate action(s); nothing was written", faults.list());
        }
        return actions;
    }

    private static NewCorporateAction readJson(FieldReader in, Faults faults) {
        int before = faults.total();
        ValueRules.Reporter report = (field, inner, message) -> in.fault(field, message);
        String symbol = in.symbol("symbol");
        String exDateText = in.text("exDate", true, 64);
        LocalDate exDate = exDateText == null ? null : NewCorporateAction.date(exDateText, "exDate", report);
        String typeText = in.text("type", true, 64);
        ActionType type = typeText == null ? null : NewCorporateAction.type(typeText, report);
        BigDecimal ratio = in.positive("ratio", false);
        BigDecimal amount = in.positive("amount", false);
        String note = in.text("note", false, 500);
        return NewCorporateAction.of(symbol, exDate, type, ratio, !in.absent("ratio"), amount, !in.absent("amount"),
                note, faults.total() == before, report);
    }

    private static void readCsv(byte[] body, int maxRows, Faults faults, List<NewCorporateAction> out,
            List<Long> lines) {
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
            List<String> missing = REQUIRED.stream().filter(name -> !columns.containsKey(name)).toList();
            if (!missing.isEmpty()) {
                throw Problems.badRequest("The CSV header lacks required column(s): " + String.join(", ", missing),
                        List.of(Fault.onLine(1, null, "missing " + String.join(", ", missing))));
            }
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
                    throw Problems.tooLarge("A batch holds at most " + maxRows + " corporate actions");
                }
                if (row.length != header.length) {
                    throw Problems.badRequest("Malformed CSV: line " + line + " has " + row.length
                            + " column(s), the header has " + header.length,
                            List.of(Fault.onLine(line, null, "expected " + header.length + " columns")));
                }
                out.add(csvRow(row, columns, ValueRules.reporter(faults, null, line), faults));
                lines.add(line);
            }
            if (out.isEmpty()) {
                throw Problems.badRequest("The request body holds no corporate actions");
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw Problems.badRequest("Malformed CSV" + where + ": not valid CSV");
        } catch (IOException e) {
            throw Problems.badRequest("The CSV body cannot be read");
        }
    }

    private static NewCorporateAction csvRow(String[] row, Map<String, Integer> columns, ValueRules.Reporter report,
            Faults faults) {
        int before = faults.total();
        String symbolText = cell(row, columns, "symbol");
        String symbol = null;
        if (symbolText == null) {
            report.fault("symbol", "is required");
        } else {
            symbol = ValueRules.symbol(symbolText, "symbol", report);
        }
        String exDateText = cell(row, columns, "exdate");
        LocalDate exDate = null;
        if (exDateText == null) {
            report.fault("exDate", "is required");
        } else {
            exDate = NewCorporateAction.date(exDateText, "exDate", report);
        }
        String typeText = cell(row, columns, "type");
        ActionType type = null;
        if (typeText == null) {
            report.fault("type", "is required: split or dividend");
        } else {
            type = NewCorporateAction.type(typeText, report);
        }
        String ratioText = cell(row, columns, "ratio");
        String amountText = cell(row, columns, "amount");
        BigDecimal ratio = positive(ratioText, "ratio", report);
        BigDecimal amount = positive(amountText, "amount", report);
        String noteText = cell(row, columns, "note");
        String note = noteText == null ? null : ValueRules.text(noteText, 500, "note", report);
        return NewCorporateAction.of(symbol, exDate, type, ratio, ratioText != null, amount, amountText != null, note,
                faults.total() == before, report);
    }

    /** A cell's text, {@code null} when the column is absent or the cell empty. */
    private static String cell(String[] row, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        return index == null || row[index].isEmpty() ? null : row[index];
    }

    private static BigDecimal positive(String text, String field, ValueRules.Reporter report) {
        if (text == null) {
            return null;
        }
        BigDecimal number = null;
        if (text.length() <= 1_000) {
            try {
                number = new BigDecimal(text);
            } catch (NumberFormatException e) {
                number = null;
            }
        }
        if (number == null) {
            report.fault(field, "must be a number");
            return null;
        }
        return ValueRules.positive(number, field, report);
    }
}
