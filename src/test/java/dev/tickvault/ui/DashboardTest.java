package dev.tickvault.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.tickvault.marketdata.TestData;
import dev.tickvault.support.AdminKey;
import dev.tickvault.support.Browser;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard at {@code /} in a real browser (Debian's Chromium through Playwright) against the application
 * and its embedded PostgreSQL, on the S&P 500 file loaded as {@code ^GSPC 1d} through the API: sign-in, the
 * chart of the real data (newest close 2874.56), zooming to 2008 and the range requests it makes, decision
 * markers, the 401 message, the read key without admin panel, the catalogue, commands, health and audit views,
 * a phone-sized viewport. Screenshots go to {@code target/dashboard/} for review. Without Chromium the class is
 * skipped, and fails in CI ({@link Browser}); {@link DashboardPageTest} checks the page over plain HTTP.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class DashboardTest {

    private static final String SYMBOL = "^GSPC";
    private static final String STRATEGY = "dashboard-dip-buyer";
    private static final Path SHOTS = Path.of("target", "dashboard");
    private static final Pattern BARS_REQUEST = Pattern.compile("/api/v1/bars/%5EGSPC\\?(.*)");

    private static Browser browser;
    private static boolean loaded;

    @TestHTTPResource("/")
    URL root;

    private Page page;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> scriptErrors = Collections.synchronizedList(new ArrayList<>());

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    /** The S&P 500 file as ^GSPC 1d and one BUY decision on 2008-10-10, once for the class. */
    private static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        TestData.uploadSp500(SYMBOL);
        given().contentType("application/json").body("{\"symbol\":\"^GSPC\",\"action\":\"BUY\",\"confidence\":0.8,"
                + "\"price\":899.22,\"strategy\":\"" + STRATEGY + "\",\"rationale\":\"Down 20% in a month\","
                + "\"decidedAt\":\"2008-10-10T21:00:00Z\"}")
                .when().post("/api/v1/decisions")
                .then().statusCode(201);
        loaded = true;
    }

    /** A new tab (so empty session storage) that records its requests and its script and policy errors. */
    @BeforeEach
    void openTab() {
        // Launched by the first test, so that without Chromium every test is reported skipped (or failed in CI).
        if (browser == null) {
            browser = Browser.launch(1280, 800);
        }
        ensureLoaded();
        page = browser.context().newPage();
        page.setViewportSize(1280, 800);
        page.onRequest(requests::add);
        page.onPageError(error -> scriptErrors.add("page error: " + error));
        page.onConsoleMessage(message -> {
            // The browser logs every refused call (401, 403, 404) as an error: those are answers the page
            // expects. Anything else (a script error, a Content-Security-Policy refusal) is a failure.
            if ("error".equals(message.type()) && !message.text().startsWith("Failed to load resource")) {
                scriptErrors.add("console: " + message.text());
            }
        });
    }

    private void closeTab() {
        assertEquals(List.of(), scriptErrors, "no script error and no Content-Security-Policy refusal");
        page.close();
    }

    private String base() {
        String url = root.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private void signIn(String key) {
        page.navigate(base() + "/");
        page.fill("#api-key", key);
        page.click("#sign-in");
    }

    private void signInAsAdmin() {
        signIn(AdminKey.KEY);
        page.waitForSelector("#catalogue");
    }

    /** Opens the chart of ^GSPC 1d and waits until it has drawn. */
    private void openChart() {
        page.navigate(base() + "/#/chart/%5EGSPC/1d");
        page.waitForSelector("#chart[data-state=ready]");
    }

    private String chartData(String name) {
        return page.getAttribute("#chart", "data-" + name);
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name)));
    }

    /** Query parameters of a URL, decoded. */
    private static Map<String, String> query(String url) {
        Map<String, String> params = new HashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** Rows of the S&P 500 file with a date in [from, to). */
    private static long rowsBetween(Instant from, Instant to) {
        LocalDate start = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate end = LocalDate.ofInstant(to, ZoneOffset.UTC);
        return TestData.sp500().stream().filter(r -> !r.date().isBefore(start) && r.date().isBefore(end)).count();
    }

    private static TestData.Row newest() {
        List<TestData.Row> rows = TestData.sp500();
        return rows.get(rows.size() - 1);
    }

    private String createKey(String name, String scopes) {
        return given().contentType("application/json").body("{\"name\":\"" + name + "\",\"scopes\":" + scopes + "}")
                .when().post("/api/v1/admin/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    @Test
    void drawsTheWholeSp500ResampledWithItsNewestClose() {
        signInAsAdmin();
        openChart();
        TestData.Row last = newest();
        String shown = last.close().setScale(2, RoundingMode.HALF_UP).toPlainString();
        assertEquals("2874.56", shown, "the file's newest close, as the page rounds it");

        // Twenty years at 1280 px: buckets resampled on the server, a few hundred, not 5,105 bars.
        assertEquals("true", chartData("resampled"));
        int points = Integer.parseInt(chartData("points"));
        assertTrue(points > 100 && points <= 1000, points + " candles drawn");
        assertEquals(last.ts(), chartData("newest-ts"));
        assertEquals(0, last.close().compareTo(new BigDecimal(chartData("newest-close"))), chartData("newest-close"));
        assertEquals(shown, page.textContent("#ohlc-close"), "the OHLC line shows the newest candle");

        // The tooltip of the candle at the right edge of the plot (1 px inside the 16 px margin and the 1 px
        // border) is the newest one.
        BoundingBox box = page.locator("#chart").boundingBox();
        page.mouse().move(box.x + box.width - 18, box.y + box.height * 0.3);
        Locator tip = page.locator(".tip");
        tip.waitFor();
        assertTrue(tip.textContent().contains("Close" + shown), tip.textContent());
        screenshot("chart-1280x800.png");

        List<String> bars = requests.stream().map(Request::url).filter(u -> u.contains("/api/v1/bars/")).toList();
        assertFalse(bars.isEmpty());
        for (String url : bars) {
            if (url.contains("/resample?")) {
                assertTrue(query(url).containsKey("bucket"), url);
            } else if (!url.contains("/gaps?") && !url.contains("/live?")) {
                throw new AssertionError("the whole-series view pulled raw bars: " + url);
            }
        }
        closeTab();
    }

    @Test
    void theOpenChartFollowsItsSeriesLiveFeed() {
        String day = "{\"symbol\":\"UI.LIVE\",\"timeframe\":\"1d\",\"ts\":\"%s\",\"open\":%s,\"high\":%s,"
                + "\"low\":%s,\"close\":%s,\"volume\":100}";
        given().contentType("application/json").body("[" + day.formatted("2031-06-02T00:00:00Z", 10, 11, 9, 10.5) + ","
                + day.formatted("2031-06-03T00:00:00Z", 10.5, 12, 10, 11.5) + "]").when().post("/api/v1/bars")
                .then().statusCode(200);
        signInAsAdmin();
        page.navigate(base() + "/#/chart/UI.LIVE/1d");
        page.waitForSelector("#chart[data-state=ready]");
        assertEquals("11.5", chartData("newest-close"));
        dev.tickvault.support.Eventually.await("the chart follows the live feed", java.time.Duration.ofSeconds(20),
                java.time.Duration.ofMillis(100), () -> {
                    synchronized (requests) {
                        return requests.stream().anyMatch(r -> r.url().contains("/api/v1/bars/UI.LIVE/live?timeframe=1d"));
                    }
                });
        // A new day: drawn from the live feed, well before the 30-second catalogue refresh would.
        given().contentType("application/json").body("[" + day.formatted("2031-06-04T00:00:00Z", 11.5, 13, 11, 12.75)
                + "]").when().post("/api/v1/bars").then().statusCode(200);
        page.waitForSelector("#chart[data-newest-close='12.75']", new Page.WaitForSelectorOptions().setTimeout(20_000));
        // A correction of that day, which the catalogue does not show at all.
        given().contentType("application/json").body("[" + day.formatted("2031-06-04T00:00:00Z", 11.5, 13, 11, 12.25)
                + "]").when().post("/api/v1/bars").then().statusCode(200);
        page.waitForSelector("#chart[data-newest-close='12.25']", new Page.WaitForSelectorOptions().setTimeout(20_000));
        closeTab();
    }

    @Test
    void keepsTheKeyInSessionStorageOnlyAndSendsItInTheHeader() {
        signInAsAdmin();
        openChart();
        assertEquals(AdminKey.KEY, page.evaluate("() => sessionStorage.getItem('tickvault.apiKey')"));
        assertEquals(0, page.evaluate("() => localStorage.length"));
        assertEquals("", page.evaluate("() => document.cookie"));
        assertEquals(List.of(), browser.context().cookies(), "no cookie is ever set");
        String origin = base();
        List<Request> seen;
        synchronized (requests) {
            seen = List.copyOf(requests);
        }
        int api = 0;
        for (Request request : seen) {
            assertTrue(request.url().startsWith(origin + "/"), "nothing is loaded from elsewhere: " + request.url());
            assertFalse(request.url().contains(AdminKey.KEY.substring(12)), "the key is never in a URL: " + request.url());
            Map<String, String> headers = request.allHeaders();
            assertFalse(headers.containsKey("cookie"), request.url());
            if (URI.create(request.url()).getPath().startsWith("/api/v1/")) {
                assertEquals("Bearer " + AdminKey.KEY, headers.get("authorization"), request.url());
                api++;
            } else {
                assertFalse(headers.containsKey("authorization"), "no key outside /api/v1: " + request.url());
            }
        }
        assertTrue(api >= 5, api + " calls to /api/v1");

        page.click("#sign-out");
        page.waitForSelector("#sign-in-form");
        assertEquals(null, page.evaluate("() => sessionStorage.getItem('tickvault.apiKey')"));
        closeTab();
    }

    @Test
    void zoomingTo2008LoadsThatRangeAsRawBarsAndZoomingOutResamplesAgain() {
        signInAsAdmin();
        openChart();
        page.fill("#range-from", "2008-01-01");
        page.fill("#range-to", "2009-01-01");
        Response response = page.waitForResponse(r -> BARS_REQUEST.matcher(r.url()).find(),
                () -> page.click("#range-form button[type=submit]"));
        page.waitForSelector("#chart[data-state=ready][data-resampled=false]");

        Map<String, String> params = query(response.url());
        assertEquals("1d", params.get("timeframe"));
        Instant from = Instant.parse(params.get("from"));
        Instant to = Instant.parse(params.get("to"));
        assertTrue(!from.isAfter(Instant.parse("2008-01-01T00:00:00Z")) && from.isAfter(Instant.parse("2007-01-01T00:00:00Z")),
                "the request starts a little before 2008: " + from);
        assertTrue(!to.isBefore(Instant.parse("2009-01-01T00:00:00Z")) && to.isBefore(Instant.parse("2010-01-01T00:00:00Z")),
                "and ends a little after: " + to);
        assertEquals(200, response.status());
        JsonNode page1 = TestData.json(response.text());
        assertTrue(page1.get("data").size() <= 1000, "one page of at most 1,000 bars");

        // Every bar of the file in the loaded range is drawn, no more.
        Instant loadedFrom = Instant.parse(chartData("loaded-from"));
        Instant loadedTo = Instant.parse(chartData("loaded-to"));
        assertEquals(from, loadedFrom);
        assertEquals(to, loadedTo);
        assertEquals(rowsBetween(loadedFrom, loadedTo), Long.parseLong(chartData("points")));
        assertTrue(Integer.parseInt(chartData("gaps")) > 0, "2008's market holidays are marked as missing weekdays");
        screenshot("chart-2008.png");

        // Zooming out with the wheel asks the server for buckets again, for a wider range.
        BoundingBox box = page.locator("#chart").boundingBox();
        Request resample = page.waitForRequest(r -> r.url().contains("/api/v1/bars/%5EGSPC/resample?"), () -> {
            page.mouse().move(box.x + box.width / 2, box.y + box.height * 0.3);
            for (int i = 0; i < 12; i++) {
                page.mouse().wheel(0, 400);
            }
        });
        page.waitForSelector("#chart[data-state=ready][data-resampled=true]");
        Map<String, String> wide = query(resample.url());
        assertNotNull(wide.get("bucket"));
        assertTrue(Instant.parse(wide.get("to")).toEpochMilli() - Instant.parse(wide.get("from")).toEpochMilli()
                > to.toEpochMilli() - from.toEpochMilli(), "a wider range: " + resample.url());
        closeTab();
    }

    @Test
    void showsTheDecisionAsAMarkerAndInTheJournalList() {
        signInAsAdmin();
        openChart();
        page.fill("#range-from", "2008-07-01");
        page.fill("#range-to", "2009-07-01");
        page.click("#range-form button[type=submit]");
        page.waitForSelector("#chart[data-state=ready][data-resampled=false]");
        assertEquals("1", chartData("decision-markers"));
        Locator row = page.locator("#journal-table tbody tr").filter(new Locator.FilterOptions().setHasText(STRATEGY));
        row.waitFor();
        String text = row.textContent();
        assertTrue(text.contains("2008-10-10 21:00") && text.contains("BUY") && text.contains("899.22")
                && text.contains("Down 20% in a month"), text);
        screenshot("chart-decision.png");
        closeTab();
    }

    @Test
    void aWrongOrRevokedKeyGetsThe401MessageAndIsNotKept() {
        signIn("tv_unknown1_ThisKeyWasNeverIssuedByTickvault0000000001");
        Locator message = page.locator("#sign-in-message.error");
        message.waitFor();
        assertTrue(message.textContent().contains("refused (401)"), message.textContent());
        assertEquals(null, page.evaluate("() => sessionStorage.getItem('tickvault.apiKey')"));
        assertTrue(page.isHidden("#nav"));
        screenshot("sign-in-401.png");

        String key = createKey("dashboard-revoked", "[\"read\"]");
        String id = key.substring(3, 11);
        given().when().delete("/api/v1/admin/api-keys/" + id).then().statusCode(204);
        signIn(key);
        page.waitForSelector("#sign-in-message.error >> text=refused (401)");
        assertEquals(null, page.evaluate("() => sessionStorage.getItem('tickvault.apiKey')"));
        closeTab();
    }

    @Test
    void aKeyRevokedWhileSignedInSignsTheTabOutWithTheMessage() {
        String key = createKey("dashboard-revoked-later", "[\"read\"]");
        signIn(key);
        page.waitForSelector("#catalogue");
        given().when().delete("/api/v1/admin/api-keys/" + key.substring(3, 11)).then().statusCode(204);
        page.click("nav a[data-view=health]");
        page.waitForSelector("#health-ready[data-status=UP]");
        page.click("nav a[data-view=symbols]");
        page.waitForSelector("#sign-in-message.error >> text=revoked or has expired");
        assertEquals(null, page.evaluate("() => sessionStorage.getItem('tickvault.apiKey')"));
        closeTab();
    }

    @Test
    void aReadKeySeesNoAdminPanel() {
        signIn(createKey("dashboard-reader", "[\"read\"]"));
        page.waitForSelector("#catalogue");
        assertTrue(page.isHidden("#nav-admin"), "no Admin link for a read key");
        assertEquals("Signed in", page.textContent("#who-text"));
        page.navigate(base() + "/#/admin");
        page.waitForSelector("main >> text=no admin scope");
        assertEquals(0, page.locator("#audit-table").count());
        closeTab();
    }

    @Test
    void theAdminViewShowsTheAuditLogWithFiltersAndHidesPanelsOfEndpointsNotThereYet() {
        given().header("Authorization", "Bearer tv_auditme1_NoSuchKeyForTheDashboardAuditTest000001")
                .when().get("/api/v1/symbols").then().statusCode(401);
        signInAsAdmin();
        assertTrue(page.isVisible("#nav-admin"));
        page.click("#nav-admin");
        page.waitForSelector("#audit-table");
        page.selectOption("#audit-event", "auth_failed");
        // The audit log is written in batches every 0.5 s: filter again until the refusal above is there.
        Locator refusal = page.locator("#audit-table tbody tr").filter(new Locator.FilterOptions().setHasText("auditme1"));
        for (int attempt = 0; attempt < 20; attempt++) {
            page.evaluate("() => delete document.getElementById('audit').dataset.query");
            page.click("#audit-form button[type=submit]");
            page.waitForSelector("#audit[data-query='event=auth_failed']");
            if (refusal.count() > 0) {
                break;
            }
            page.waitForTimeout(500);
        }
        assertTrue(refusal.count() >= 1, "the failed authentication is listed");
        for (String event : page.locator("#audit-table tbody td:nth-child(2)").allTextContents()) {
            assertEquals("auth_failed", event, "the filter is applied");
        }
        page.waitForSelector("#keys-table >> text=bootstrap admin");
        page.waitForSelector("#tables-table >> text=market_data.");
        for (String panel : List.of("partitions", "retention", "rollups")) {
            page.waitForSelector("#panel-" + panel + "[data-state=absent]", new Page.WaitForSelectorOptions()
                    .setState(WaitForSelectorState.HIDDEN));
        }
        screenshot("admin.png");
        closeTab();
    }

    @Test
    void theCatalogueListsTheSeriesWithItsCoverage() {
        signInAsAdmin();
        Locator row = page.locator("#catalogue tbody tr").filter(new Locator.FilterOptions().setHasText(SYMBOL));
        String text = row.first().textContent();
        TestData.Row first = TestData.sp500().get(0);
        assertTrue(text.contains(first.date().toString()) && text.contains(newest().date().toString())
                && text.contains("5,105"), text);
        row.first().locator("a").click();
        page.waitForSelector("#chart[data-state=ready]");
        assertTrue(page.url().endsWith("#/chart/%5EGSPC/1d"), page.url());
        closeTab();
    }

    @Test
    void theCommandsViewShowsTheQueueByStatusAndAnAgentsRecentCommands() {
        given().contentType("application/json").body("{\"type\":\"rebalance\",\"payload\":{\"symbol\":\"^GSPC\"},\"priority\":3}")
                .when().post("/api/v1/agents/dashboard-bot/commands").then().statusCode(201);
        signInAsAdmin();
        page.navigate(base() + "/#/commands");
        page.waitForSelector("#queue-depth");
        page.fill("#agent-id", "dashboard-bot");
        page.click("#commands-form button[type=submit]");
        Locator row = page.locator("#commands-table tbody tr").first();
        row.waitFor();
        String text = row.textContent();
        assertTrue(text.contains("rebalance") && text.contains("PENDING"), text);
        assertTrue(page.url().endsWith("#/commands/dashboard-bot"), page.url());
        // The gauge is refreshed every second in the test profile.
        for (int attempt = 0; attempt < 20
                && !page.textContent("#queue-depth [data-status=PENDING] b").matches("[1-9][0-9,]*"); attempt++) {
            page.waitForTimeout(500);
            page.reload();
            page.waitForSelector("#queue-depth");
        }
        assertTrue(Integer.parseInt(page.textContent("#queue-depth [data-status=PENDING] b").replace(",", "")) >= 1);
        closeTab();
    }

    @Test
    void theHealthViewShowsTheProbesAndTheDatabaseDetails() {
        signInAsAdmin();
        page.click("nav a[data-view=health]");
        for (String probe : List.of("live", "ready", "started", "database")) {
            page.waitForSelector("#health-" + probe + "[data-status=UP]");
        }
        String database = page.textContent("#health-database");
        assertTrue(database.contains("serverVersion") && database.contains("poolMaxSize"), database);
        closeTab();
    }

    @Test
    void worksOnAPhoneSizedViewport() {
        page.setViewportSize(390, 844);
        signInAsAdmin();
        openChart();
        assertEquals("true", chartData("resampled"));
        assertEquals(0, newest().close().compareTo(new BigDecimal(chartData("newest-close"))));
        Object widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth,"
                + " document.getElementById('chart').getBoundingClientRect().width]");
        @SuppressWarnings("unchecked")
        List<Number> w = (List<Number>) widths;
        assertTrue(w.get(0).doubleValue() <= w.get(1).doubleValue(), "no horizontal scrolling of the page: " + w);
        assertTrue(w.get(2).doubleValue() <= 390, "the chart fits the screen: " + w);
        assertTrue(page.isVisible("nav a[data-view=chart]"));
        screenshot("chart-390x844.png");
        closeTab();
    }
}
