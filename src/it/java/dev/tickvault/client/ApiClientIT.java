package dev.tickvault.client;

import dev.tickvault.client.api.JournalApi;
import dev.tickvault.client.api.MarketDataApi;
import dev.tickvault.client.model.Action;
import dev.tickvault.client.model.Bar;
import dev.tickvault.client.model.BarPage;
import dev.tickvault.client.model.DecisionView;
import dev.tickvault.client.model.IngestResult;
import dev.tickvault.client.model.NewDecision;
import dev.tickvault.client.model.ProblemDetail;
import dev.tickvault.support.AdminKey;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application used through a Java client generated from its own API description (issue 17):
 * openapi-generator's {@code java}/{@code native} client, generated from {@code target/openapi/openapi.json}
 * after {@code package} and compiled with this class (src/it/java), so a document that a client cannot use fails
 * the build here, at compile time or in these calls. The {@code native} library does not apply security schemes
 * itself: the key goes on every request through the client's request interceptor, as a user would send it.
 */
@QuarkusIntegrationTest
@WithTestResource(PostgresResource.class)
class ApiClientIT {

    private static final String SP500 = "sample-data/sp500-2000.csv";

    private MarketDataApi marketData;
    private JournalApi journal;
    private ApiClient client;

    @BeforeEach
    void connect() {
        client = new ApiClient();
        client.updateBaseUri("http://localhost:" + RestAssured.port);
        client.setRequestInterceptor(request -> request.header("X-API-Key", AdminKey.KEY));
        marketData = new MarketDataApi(client);
        journal = new JournalApi(client);
    }

    @Test
    void uploadsTheSp500FileAndReadsItBack() throws ApiException {
        IngestResult written = marketData.ingestBars(sp500(), "^GSPC", "1d", null);
        assertEquals(5105, written.getReceived());
        assertEquals(5105, written.getInserted() + written.getUpdated() + written.getUnchanged());

        Bar latest = marketData.getLatestBar("^GSPC", null, "1d", null);
        assertEquals("^GSPC", latest.getSymbol());
        assertEquals(OffsetDateTime.of(2020, 4, 17, 0, 0, 0, 0, ZoneOffset.UTC), latest.getTs());
        assertEquals(0, new BigDecimal("2874.560059").compareTo(latest.getClose()), "exact close " + latest.getClose());

        List<Bar> year = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            BarPage page = marketData.getBars("^GSPC", null, cursor,
                    OffsetDateTime.of(2008, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), 100, "asc", "1d",
                    OffsetDateTime.of(2009, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), null);
            year.addAll(page.getData());
            cursor = page.getNextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(253, year.size(), "the trading days of 2008 in the file");
        assertEquals(3, pages);
        assertEquals(OffsetDateTime.of(2008, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC), year.get(0).getTs());
        assertEquals(OffsetDateTime.of(2008, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC), year.get(252).getTs());
        assertEquals(0, new BigDecimal("903.25").compareTo(year.get(252).getClose()));
    }

    @Test
    void recordsADecisionOnceUnderAnIdempotencyKey() throws ApiException {
        String key = "client-it-" + UUID.randomUUID();
        // The VIX sample data's signal of 2009-06-01: short, at the close of 30.04.
        NewDecision decision = new NewDecision().symbol("^VIX").action(Action.SELL).confidence(new BigDecimal("0.75"))
                .price(new BigDecimal("30.04")).strategy("vix-signal-client-it").rationale("signal short")
                .features(Map.of("signal", "short", "ret", new BigDecimal("-4.89396411092985")))
                .decidedAt(OffsetDateTime.of(2009, 6, 1, 20, 0, 0, 0, ZoneOffset.UTC));

        DecisionView first = journal.recordDecisions(decision, key);
        DecisionView again = journal.recordDecisions(decision, key);

        assertNotNull(first.getId());
        assertEquals(first.getId(), again.getId(), "the retry got the first answer");
        assertEquals(Action.SELL, first.getAction());
        assertEquals(0, new BigDecimal("30.04").compareTo(first.getPrice()));
        assertEquals(first, journal.getDecision(first.getId().toString()));
    }

    @Test
    void aRuleBrokenIsATypedProblem() throws IOException {
        NewDecision decision = new NewDecision().symbol("^VIX").action(Action.BUY).confidence(new BigDecimal("1.5"))
                .strategy("vix-signal-client-it");

        ApiException refused = assertThrows(ApiException.class,
                () -> journal.recordDecisions(decision, null));

        assertEquals(422, refused.getCode());
        assertTrue(refused.getResponseHeaders().firstValue("Content-Type").orElse("")
                .startsWith("application/problem+json"));
        ProblemDetail problem = client.getObjectMapper().readValue(refused.getResponseBody(), ProblemDetail.class);
        assertEquals(422, problem.getStatus());
        assertEquals("urn:tickvault:problem:validation", String.valueOf(problem.getType()));
        assertEquals(1, problem.getErrors().size());
        assertEquals("/confidence", problem.getErrors().get(0).getPointer());
        assertEquals("confidence", problem.getErrors().get(0).getField());
        assertNull(problem.getErrors().get(0).getLine());
    }

    private static String sp500() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SP500)) {
            assertNotNull(in, SP500);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
