package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LsnTest {

    @Test
    void readsAndWritesPostgresqlsTextForm() {
        assertEquals(0x16B3748L, Lsn.parse("0/16B3748").value());
        assertEquals((0x16L << 32) | 0xB374D848L, Lsn.parse("16/B374D848").value());
        assertEquals("16/B374D848", Lsn.parse("16/b374d848").toString());
        assertEquals("0/0", Lsn.ZERO.toString());
        assertEquals("FFFFFFFF/FFFFFFFF", Lsn.parse("FFFFFFFF/FFFFFFFF").toString());
        assertEquals("0/1", Lsn.parse("00000000/00000001").toString());
    }

    @Test
    void comparesAsUnsignedPositions() {
        Lsn high = Lsn.parse("FFFFFFFF/0");
        Lsn low = Lsn.parse("7FFFFFFF/FFFFFFFF");
        assertTrue(high.reached(low));
        assertFalse(low.reached(high));
        assertTrue(low.reached(low));
        assertTrue(Lsn.parse("0/16B3748").reached(Lsn.ZERO));
        assertTrue(high.compareTo(low) > 0);
    }

    @Test
    void refusesAnythingButTwoHexHalves() {
        for (String bad : List.of("", "/", "0/", "/0", "0", "0/0/0", "123456789/0", "0/123456789", "0/-1", "-1/0",
                "0x1/0", "g/0", "0 /1", "0/1 ", "\u0660/0", "\uff11/0")) {
            assertThrows(IllegalArgumentException.class, () -> Lsn.parse(bad), bad);
        }
    }

    @Test
    void theMinimumHeaderIsOptionalAndA400WhenMalformed() {
        assertSame(Lsn.ZERO, Lsn.fromMinHeader(null));
        assertSame(Lsn.ZERO, Lsn.fromMinHeader(""));
        assertEquals("0/16B3748", Lsn.fromMinHeader(" 0/16B3748 ").toString());
        HttpProblem problem = assertThrows(HttpProblem.class, () -> Lsn.fromMinHeader("latest"));
        assertEquals(400, problem.getStatusCode());
        assertTrue(problem.getDetail().contains("Tickvault-Min-LSN"), problem.getDetail());
    }
}
