package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared test helpers: the S&P 500 sample file read independently of the API, uploads and metric reads. */
public final class TestData {

    /** The S&P 500 daily file on the test class path (Yahoo layout, 5105 rows). */
    public static final String SP500_RESOURCE = "sample-data/sp500-2000.csv";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static List<Row> sp500;
    private static byte[] sp500Bytes;

    private TestData() {
    }

    /**
     * Makes the monthly partitions of {@code timeframe} covering [from, to) (RFC 3339), for tests that write
     * bars with SQL rather than through the API (which makes them itself).
     */
    public static void partitions(io.vertx.mutiny.sqlclient.Pool pool, String timeframe, String from, String to) {
        pool.preparedQuery("SELECT count(*) FROM generate_series(date_trunc('month', $2::timestamptz, 'UTC'),"
                        + " $3::timestamptz, interval '1 month') AS g,"
                        + " LATERAL market_data.ensure_ohlcv_partition($1, g, 'month')")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(timeframe, java.time.OffsetDateTime.parse(from),
                        java.time.OffsetDateTime.parse(to)))
                .await().indefinitely();
    }

    /** One row of the file: {@code date,open,high,low,close,adjclose,volume}. */
    public record Row(LocalDate date, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
            BigDecimal adjClose, long volume) {

        /** The bar's open time as the API writes it. */
        public String ts() {
            return date + "T00:00:00Z";
        }
    }

    /** The raw bytes of the S&P 500 file. */
    public static synchronized byte[] sp500Bytes() {
        if (sp500Bytes == null) {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SP500_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Missing class-path resource " + SP500_RESOURCE);
                }
                sp500Bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sp500Bytes.clone();
    }

    /** The rows of the S&P 500 file, in file order, parsed without any production code. */
    public static synchronized List<Row> sp500() {
        if (sp500 == null) {
            String text = new String(sp500Bytes(), StandardCharsets.UTF_8);
            String[] lines = text.split("\r?\n");
            List<Row> rows = new ArrayList<>(lines.length);
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                String[] f = lines[i].split(",");
                rows.add(new Row(LocalDate.parse(f[0]), new BigDecimal(f[1]), new BigDecimal(f[2]),
                        new BigDecimal(f[3]), new BigDecimal(f[4]), new BigDecimal(f[5]), Long.parseLong(f[6])));
            }
            sp500 = Collections.unmodifiableList(rows);
        }
        return sp500;
    }

    /** Uploads the whole S&P 500 file under {@code symbol} as 1d bars and checks every row was inserted. */
    public static void uploadSp500(String symbol) {
        given().contentType("text/csv").queryParam("symbol", symbol).queryParam("timeframe", "1d")
                .body(sp500Bytes())
                .when().post("/api/v1/bars")
                .then().statusCode(200)
                .body("received", equalTo(5105))
                .body("inserted", equalTo(5105));
    }

    /** Parses JSON with every decimal as an exact {@link BigDecimal}. */
    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that two decimals are equal in value ({@code 1478} equals {@code 1478.000000}). */
    public static void assertSameValue(BigDecimal expected, JsonNode actual, String what) {
        assertTrue(actual != null && actual.isNumber(), what + ": expected a JSON number, got " + actual);
        assertEquals(0, expected.compareTo(actual.decimalValue()),
                what + ": expected " + expected.toPlainString() + ", got " + actual.decimalValue().toPlainString());
    }

    /** Asserts that two decimals are equal in value. */
    public static void assertSameValue(BigDecimal expected, BigDecimal actual, String what) {
        assertEquals(0, expected.compareTo(actual),
                what + ": expected " + expected.toPlainString() + ", got " + actual.toPlainString());
    }

    /** The value of an untagged counter or gauge in {@code /q/metrics} (Prometheus text), 0 when absent. */
    public static double metric(String name) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(body);
        double total = 0;
        boolean found = false;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
            found = true;
        }
        return found ? total : 0;
    }
}
