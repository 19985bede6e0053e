package dev.tickvault.reference.economic;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.LocalDate;

/**
 * One vintage of a series: how many observations were published on that date, how many of them were
 * first releases (no earlier vintage of their date) and how many revised the value of the vintage before,
 * and the range of dates they cover.
 */
@RegisterForReflection
public record VintageView(LocalDate vintage, long observations, long firstReleases, long revised,
        LocalDate firstDate, LocalDate lastDate) {
}
