package dev.tickvault.reference.economic;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A series on the wire: its metadata and what it holds, {@code firstDate} and {@code lastDate} (the
 * observation dates, any vintage) and {@code latestVintage}, all {@code null} while it holds none.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
public record EconomicSeriesView(String seriesId, String title, String units, Frequency frequency, String source,
        String notes, LocalDate firstDate, LocalDate lastDate, LocalDate latestVintage, Instant createdAt,
        Instant updatedAt) {
}
