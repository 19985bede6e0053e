package dev.tickvault.journal.trades;

import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code interval} of the performance record. */
class PerformanceIntervalTest {

    @Test
    void readsTimeframesAndDurations() {
        assertEquals(PerformanceInterval.DAY, PerformanceInterval.parse(null));
        assertEquals(86_400, PerformanceInterval.parse("1d").seconds());
        assertEquals(3_600, PerformanceInterval.parse("1h").seconds());
        assertEquals(604_800, PerformanceInterval.parse("1w").seconds());
        assertEquals(604_800, PerformanceInterval.parse("P7D").seconds());
        assertEquals(1_209_600, PerformanceInterval.parse("P2W").seconds());
        assertEquals(43_200, PerformanceInterval.parse("PT12H").seconds());
        assertEquals("PT12H", PerformanceInterval.parse("PT12H").label());
    }

    @Test
    void refusesWhatHasNoFixedLengthOrIsNoInterval() {
        for (String raw : new String[] {"P1M", "P1Y", "PT0S", "PT30S", "PT1.5S", "2d", "day", "-P1D"}) {
            HttpProblem problem = assertThrows(HttpProblem.class, () -> PerformanceInterval.parse(raw), raw);
            assertEquals(400, problem.getStatusCode());
        }
    }
}
