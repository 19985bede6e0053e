package dev.tickvault.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Timestamp rules of DESIGN 2. Request bodies take RFC 3339 date-times with seconds and an offset
 * ({@code 2024-01-02T14:30:00Z}, {@code 2024-01-02T09:30:00-05:00}); query parameters also take a plain
 * date ({@code 2024-01-02} = midnight UTC). Everything is held as an {@link Instant} (UTC).
 */
public final class Timestamps {

    /** RFC 3339 section 5.6 {@code date-time}: seconds and an offset are mandatory. */
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Timestamps() {
    }

    /**
     * Parses an RFC 3339 date-time from a request body.
     *
     * @return the instant, or {@code null} when the text is not an RFC 3339 date-time with an offset
     */
    public static Instant parseStrict(String text) {
        if (text == null || !RFC3339.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.replace('t', 'T').replace('z', 'Z')).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Parses a plain date ({@code 2024-01-02}) as midnight UTC.
     *
     * @return the instant, or {@code null} when the text is not a valid date
     */
    public static Instant parseDate(String text) {
        if (text == null || !DATE.matcher(text).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Parses an optional query parameter: RFC 3339 or a plain date.
     *
     * @param name the parameter's name, for the problem's detail
     * @return the instant, or {@code null} when the parameter is absent
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is present but unreadable
     */
    public static Instant queryParam(String name, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Instant instant = parseStrict(text);
        if (instant == null) {
            instant = parseDate(text);
        }
        if (instant == null) {
            throw Problems.badRequest("Query parameter '" + name + "' must be an RFC 3339 date-time with an offset "
                    + "(2024-01-02T14:30:00Z) or a date (2024-01-02), not '" + Symbols.abbreviate(text) + "'");
        }
        return instant;
    }
}
