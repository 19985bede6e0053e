package dev.tickvault.reference.news;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tickers an article's title gives when it names no symbols. */
class NewArticleTest {

    @Test
    void takesTheTickersNewswiresWriteInAngleBrackets() {
        assertEquals(List.of("CHEM"), NewArticle.tickers("CHEMLAWN <CHEM> RISES ON HOPES FOR HIGHER BIDS"));
        assertEquals(List.of("PCO", "WAF"), NewArticle.tickers("PITTSTON <PCO> AGREES TO ACQUIRE WTC <WAF>"));
        assertEquals(List.of("WCO"), NewArticle.tickers("HONG KONG FIRM UPS WRATHER<WCO> STAKE TO 11 PCT"));
        assertEquals(List.of("MHS"), NewArticle.tickers("MARRIOTT <MHS> TO SELL <MHS> HOTEL"));
    }

    @Test
    void leavesOutNamesAndOtherBrackets() {
        // Company names in brackets hold spaces; parentheses and lower case are not tickers.
        assertEquals(List.of(), NewArticle.tickers("<COFAB INC> BUYS GULFEX FOR UNDISCLOSED AMOUNT"));
        assertEquals(List.of(), NewArticle.tickers("DIAMOND SHAMROCK (DIA) CUTS CRUDE PRICES"));
        assertEquals(List.of(), NewArticle.tickers("a <b> and <TOOLONGTICKER1>"));
    }
}
