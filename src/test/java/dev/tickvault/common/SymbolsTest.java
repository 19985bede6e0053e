package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The symbol rule {@code ^[A-Za-z0-9^][A-Za-z0-9._:^=-]{0,31}$}, stored upper-cased. */
class SymbolsTest {

    @Test
    void indexCryptoAndFuturesSymbolsAreValid() {
        for (String symbol : new String[] {"^GSPC", "BTC-USD", "ES=F", "BRK.B", "EUR:USD", "X", "lt1", "A_B"}) {
            assertTrue(Symbols.isValid(symbol), symbol);
        }
    }

    @Test
    void symbolsAreStoredUpperCased() {
        assertEquals("^GSPC", Symbols.fromPath("^gspc"));
        assertEquals("BTC-USD", Symbols.fromPath("btc-usd"));
        assertEquals("ES=F", Symbols.fromPath("es=f"));
        assertEquals("ES=F", Symbols.normalize("Es=f"));
    }

    @Test
    void thirtyTwoCharactersAreTheMaximum() {
        assertTrue(Symbols.isValid("A".repeat(32)));
        assertFalse(Symbols.isValid("A".repeat(33)));
    }

    @Test
    void invalidSymbolsAreRefused() {
        for (String symbol : new String[] {"-X", "", ".X", "=F", "A B", "$BAD", "A/B", "A\u00c9", "AB\n", "A".repeat(33)}) {
            assertFalse(Symbols.isValid(symbol), symbol);
        }
        assertFalse(Symbols.isValid(null));
    }

    @Test
    void invalidSymbolFromAPathIsABadRequest() {
        for (String symbol : new String[] {"-X", "", "A".repeat(33)}) {
            HttpProblem problem = assertThrows(HttpProblem.class, () -> Symbols.fromPath(symbol), symbol);
            assertEquals(400, problem.getStatusCode());
        }
        assertThrows(HttpProblem.class, () -> Symbols.fromPath(null));
    }
}
