package dev.tickvault.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class PredictionTest {

    @Inject
    ObjectMapper mapper;

    private static String predict(String json) {
        return given().contentType("application/json").body(json)
                .when().post("/api/v1/predictions")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void derivesShouldTradeFromTheConfiguredThreshold() {
        String base = "{\"symbol\":\"PR1\",\"model\":\"m-threshold\",\"horizon\":\"PT1H\",\"predictedValue\":101.5,";
        given().contentType("application/json").body(base + "\"confidence\":0.70}")
                .when().post("/api/v1/predictions")
                .then().statusCode(201).body("shouldTrade", equalTo(true)).body("confidence", equalTo(0.7f))
                .header("Location", notNullValue());
        given().contentType("application/json").body(base + "\"confidence\":0.69999999}")
                .when().post("/api/v1/predictions")
                .then().statusCode(201).body("shouldTrade", equalTo(false));
        String id = predict(base + "\"confidence\":1,\"direction\":\"UP\",\"agentCycle\":7}");
        given().when().get("/api/v1/predictions/" + id)
                .then().statusCode(200).body("shouldTrade", equalTo(true)).body("agentCycle", equalTo(7))
                .body("direction", equalTo("UP")).body("outcome", nullValue());
    }

    @Test
    void rejectsInvalidPredictions() {
        given().contentType("application/json")
                .body("{\"symbol\":\"PR2\",\"model\":\"m\",\"horizon\":\"1 hour\",\"predictedValue\":\"x\",\"confidence\":1.2,"
                        + "\"direction\":\"SIDEWAYS\",\"predictedAt\":\"2024-01-01 10:00\"}")
                .when().post("/api/v1/predictions")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.pointer", hasItems("/horizon", "/predictedValue", "/confidence", "/direction", "/predictedAt"));
        given().contentType("application/json")
                .body("{\"symbol\":\"PR2\",\"model\":\"m\",\"horizon\":\"PT0S\",\"predictedValue\":1,\"confidence\":1}")
                .when().post("/api/v1/predictions")
                .then().statusCode(422).body("errors[0].pointer", equalTo("/horizon"));
        predict("{\"symbol\":\"PR2\",\"model\":\"m\",\"horizon\":\"P1W\",\"predictedValue\":-0.5,\"confidence\":0}");
    }

    @Test
    void recordsAndReplacesAnOutcome() {
        String id = predict("{\"symbol\":\"PR3\",\"model\":\"m-outcome\",\"horizon\":\"P1D\",\"predictedAt\":\"2024-05-01T00:00:00Z\","
                + "\"predictedValue\":10,\"confidence\":0.5}");
        given().contentType("application/json").body("{\"actualValue\":11,\"observedAt\":\"2024-05-02T00:00:00Z\"}")
                .when().put("/api/v1/predictions/" + id + "/outcome")
                .then().statusCode(201).body("outcome.actualValue", equalTo(11));
        given().contentType("application/json").body("{\"actualValue\":12.25,\"observedAt\":\"2024-05-02T00:00:00Z\"}")
                .when().put("/api/v1/predictions/" + id + "/outcome")
                .then().statusCode(200).body("outcome.actualValue", equalTo(12.25f));
        given().when().get("/api/v1/predictions/" + id)
                .then().statusCode(200).body("outcome.actualValue", equalTo(12.25f))
                .body("outcome.observedAt", equalTo("2024-05-02T00:00:00Z"));

        given().contentType("application/json").body("{\"actualValue\":12,\"observedAt\":\"2024-04-30T00:00:00Z\"}")
                .when().put("/api/v1/predictions/" + id + "/outcome")
                .then().statusCode(422).body("errors[0].pointer", equalTo("/observedAt"));
        given().contentType("application/json").body("{\"actualValue\":12}")
                .when().put("/api/v1/predictions/0190d2c4-8f3e-7c1a-9b2d-3e4f5a6b7c8d/outcome")
                .then().statusCode(404).contentType("application/problem+json");
    }

    /**
     * Next-close predictions from the VIX sample: each day predicts tomorrow's close from today's close
     * (the reference) moved by the day's signal (long +0.5, short -0.5, hold 0); tomorrow's close is the
     * outcome. The expected figures are computed here, independently of the SQL.
     */
    @Test
    void accuracyMatchesFiguresComputedByHand() throws Exception {
        JsonNode rows;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("sample-data/ohlc.json")) {
            rows = mapper.readTree(in);
        }
        String model = "vix-next-close";
        int count = 0;
        int hits = 0;
        BigDecimal absSum = BigDecimal.ZERO;
        BigDecimal sqSum = BigDecimal.ZERO;
        for (int i = 0; i + 1 < rows.size(); i++) {
            JsonNode today = rows.get(i);
            BigDecimal reference = today.get("close").decimalValue();
            BigDecimal move = switch (today.get("signal").asText()) {
                case "long" -> new BigDecimal("0.5");
                case "short" -> new BigDecimal("-0.5");
                default -> BigDecimal.ZERO;
            };
            BigDecimal predicted = reference.add(move);
            BigDecimal actual = rows.get(i + 1).get("close").decimalValue();
            String id = predict("{\"symbol\":\"^VIX\",\"model\":\"" + model + "\",\"horizon\":\"P1D\","
                    + "\"predictedAt\":\"" + today.get("date").asText() + "T21:00:00Z\",\"predictedValue\":" + predicted
                    + ",\"referenceValue\":" + reference + ",\"confidence\":0.8}");
            given().contentType("application/json")
                    .body("{\"actualValue\":" + actual + ",\"observedAt\":\"" + rows.get(i + 1).get("date").asText()
                            + "T21:00:00Z\"}")
                    .when().put("/api/v1/predictions/" + id + "/outcome").then().statusCode(201);
            count++;
            hits += predicted.subtract(reference).signum() == actual.subtract(reference).signum() ? 1 : 0;
            BigDecimal error = actual.subtract(predicted);
            absSum = absSum.add(error.abs());
            sqSum = sqSum.add(error.multiply(error));
        }
        // One more prediction with no outcome yet: pending, not counted.
        predict("{\"symbol\":\"^VIX\",\"model\":\"" + model + "\",\"horizon\":\"P1D\",\"predictedAt\":\"2009-07-31T21:00:00Z\","
                + "\"predictedValue\":25,\"confidence\":0.8}");

        JsonPath accuracy = given().queryParam("model", model).queryParam("symbol", "^VIX")
                .when().get("/api/v1/predictions/accuracy")
                .then().statusCode(200).extract()
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        BigDecimal n = BigDecimal.valueOf(count);
        assertEquals(count, accuracy.getInt("count"));
        assertEquals(1, accuracy.getInt("pending"));
        assertEquals(hits, accuracy.getInt("hits"));
        assertClose(BigDecimal.valueOf(hits).divide(n, MathContext.DECIMAL64), accuracy.getObject("directionalHitRate", BigDecimal.class));
        assertClose(absSum.divide(n, MathContext.DECIMAL64), accuracy.getObject("mae", BigDecimal.class));
        assertClose(sqSum.divide(n, MathContext.DECIMAL64).sqrt(MathContext.DECIMAL64), accuracy.getObject("rmse", BigDecimal.class));

        // A time filter narrows it: June only.
        int june = 0;
        for (int i = 0; i + 1 < rows.size(); i++) {
            june += rows.get(i).get("date").asText().startsWith("2009-06") ? 1 : 0;
        }
        given().queryParam("model", model).queryParam("from", "2009-06-01").queryParam("to", "2009-07-01")
                .when().get("/api/v1/predictions/accuracy")
                .then().statusCode(200).body("count", equalTo(june));

        // No predictions: zero count, no figures.
        given().queryParam("model", "no-such-model").when().get("/api/v1/predictions/accuracy")
                .then().statusCode(200).body("count", equalTo(0)).body("directionalHitRate", nullValue())
                .body("mae", nullValue());
    }

    /** A given direction wins over the one derived from the values. */
    @Test
    void aGivenDirectionIsScoredAsGiven() {
        String model = "m-direction";
        String up = predict("{\"symbol\":\"PR4\",\"model\":\"" + model + "\",\"horizon\":\"PT1H\",\"predictedValue\":1,"
                + "\"direction\":\"UP\",\"confidence\":0.9}");
        String down = predict("{\"symbol\":\"PR4\",\"model\":\"" + model + "\",\"horizon\":\"PT1H\",\"predictedValue\":1,"
                + "\"direction\":\"DOWN\",\"confidence\":0.9}");
        for (String id : new String[] {up, down}) {
            given().contentType("application/json").body("{\"actualValue\":3}")
                    .when().put("/api/v1/predictions/" + id + "/outcome").then().statusCode(201);
        }
        // Both predicted 1 and saw 3: MAE 2, RMSE 2; only UP was right about the direction.
        given().queryParam("model", model).when().get("/api/v1/predictions/accuracy")
                .then().statusCode(200).body("count", equalTo(2)).body("hits", equalTo(1))
                .body("directionalHitRate", equalTo(0.5f)).body("mae", equalTo(2)).body("rmse", equalTo(2));
    }

    private static void assertClose(BigDecimal expected, BigDecimal actual) {
        BigDecimal diff = expected.subtract(actual).abs();
        assertEquals(-1, diff.compareTo(new BigDecimal("0.00000001")), "expected " + expected + " got " + actual);
    }
}
