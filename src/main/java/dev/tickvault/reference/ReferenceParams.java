package dev.tickvault.reference;

import dev.tickvault.common.Identifiers;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Timestamps;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Query and path parameters of the reference-data endpoints that name days: {@code from}/{@code to} as
 * elsewhere (RFC 3339 or a plain date, half-open), turned into the dates they bound, and a point in time
 * ({@code asOf}) as the UTC day it falls on.
 */
public final class ReferenceParams {

    private ReferenceParams() {
    }

    /**
     * The first date at or after a {@code from}/{@code to} bound: a date is inside [from, to) when its
     * midnight (UTC) is, so {@code 2015-06-01T12:00:00Z} bounds from the 2nd.
     *
     * @return the date, or {@code null} when the parameter is absent
     */
    public static LocalDate dateBound(String name, String raw) {
        Instant instant = Timestamps.queryParam(name, raw);
        if (instant == null) {
            return null;
        }
        LocalDate date = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().equals(instant) ? date : date.plusDays(1);
    }

    /** The UTC day of a point in time ({@code asOf=2016-01-08T15:00:00Z} is 2016-01-08); {@code null} when absent. */
    public static LocalDate day(String name, String raw) {
        Instant instant = Timestamps.queryParam(name, raw);
        return instant == null ? null : LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * Checks that a range is not inverted.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when {@code from} is after {@code to}
     */
    public static void checkRange(LocalDate from, LocalDate to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw Problems.badRequest("Query parameter 'from' must not be after 'to'");
        }
    }

    /**
     * A series id from the path: the identifier rule {@code ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$}, stored upper
     * case, since FRED's ids are case-insensitive ({@code payems} is {@code PAYEMS}).
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it breaks the rule
     */
    public static String seriesId(String raw) {
        return Identifiers.fromPath("series id", raw).toUpperCase(Locale.ROOT);
    }
}
