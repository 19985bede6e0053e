package dev.tickvault.common;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Timestamp rules of DESIGN 2. Request bodies take RFC 3339 date-times with seconds and an offset
 * ({@code 2024-01-02T14:30:00Z}, {@code 2024-01-02T09:30:00-05:00}); query parameters also take a plain
 * date ({@code 2024-01-02} = midnight UTC). Everything is held as an {@link Instant} (UTC).
 */
public final class Timestamps {

    /** The first instant a body may carry: 0001-01-01T00:00:00Z, the start of year 1 in UTC. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The last instant a body may carry: 9999-12-31T23:59:59.999999Z, the end of year 9999 in UTC. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Timestamps() {
    }

    /**
     * Parses an RFC 3339 date-time from a request body (section 5.6 {@code date-time}: seconds and an offset
     * are mandatory), exactly {@code \d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})}, with
     * the calendar checked as {@code OffsetDateTime.parse} checks it (no 2024-02-30, no hour 24, no second
     * 60, offsets within 18 hours). Read character by character: ingest calls it once a bar.
     *
     * @return the instant, or {@code null} when the text is not an RFC 3339 date-time with an offset
     */
    public static Instant parseStrict(String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        if (n < 20 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 2) || text.charAt(7) != '-'
                || !digits(text, 8, 2) || (text.charAt(10) != 'T' && text.charAt(10) != 't') || !digits(text, 11, 2)
                || text.charAt(13) != ':' || !digits(text, 14, 2) || text.charAt(16) != ':' || !digits(text, 17, 2)) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            int length = i - start;
            if (length < 1 || length > 9) {
                return null;
            }
            nanos = number(text, start, length);
            for (int k = length; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        char zone = text.charAt(i);
        int offsetHours = 0;
        int offsetMinutes = 0;
        if (zone == 'Z' || zone == 'z') {
            if (i + 1 != n) {
                return null;
            }
        } else if (zone == '+' || zone == '-') {
            if (i + 6 != n || !digits(text, i + 1, 2) || text.charAt(i + 3) != ':' || !digits(text, i + 4, 2)) {
                return null;
            }
            int sign = zone == '-' ? -1 : 1;
            offsetHours = sign * number(text, i + 1, 2);
            offsetMinutes = sign * number(text, i + 4, 2);
        } else {
            return null;
        }
        try {
            return LocalDateTime.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2), number(text, 11, 2),
                    number(text, 14, 2), number(text, 17, 2), nanos)
                    .toInstant(ZoneOffset.ofHoursMinutes(offsetHours, offsetMinutes));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean digits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /**
     * Whether an instant falls in the UTC years 1 to 9999, {@link #EARLIEST} to {@link #LATEST}. An offset
     * can carry a body's four-digit year out of that range ({@code 0001-01-01T00:30:00+01:00} is in year 0
     * in UTC); such instants are refused, since the wire format (RFC 3339, four-digit years) and the query
     * parameters could not name them again.
     */
    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
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
