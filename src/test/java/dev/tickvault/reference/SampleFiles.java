package dev.tickvault.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reference sample files on the test class path, read without any production code. */
public final class SampleFiles {

    private SampleFiles() {
    }

    /** A sample file's text. */
    public static String text(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("sample-data/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing class-path resource sample-data/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-blank lines of a sample file, header included. */
    public static List<String> lines(String name) {
        List<String> out = new ArrayList<>();
        for (String line : text(name).split("\r?\n")) {
            if (!line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    /** One column of {@code us-employment.csv} by month: {@code month -> value}, in file order. */
    public static Map<LocalDate, BigDecimal> employment(String column) {
        List<String> lines = lines("us-employment.csv");
        List<String> header = List.of(lines.get(0).split(","));
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("No column " + column);
        }
        Map<LocalDate, BigDecimal> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            out.put(LocalDate.parse(fields[0]), new BigDecimal(fields[index]));
        }
        return out;
    }
}
