package dev.tickvault.common;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UuidsTest {

    @Test
    void makesVersion7IdsThatSortByTime() {
        UUID earlier = Uuids.v7(1_700_000_000_000L);
        UUID later = Uuids.v7(1_700_000_000_001L);
        assertEquals(7, earlier.version());
        assertEquals(2, earlier.variant());
        assertEquals(1_700_000_000_000L, earlier.getMostSignificantBits() >>> 16);
        assertTrue(earlier.toString().compareTo(later.toString()) < 0);
    }
}
