package dev.tickvault.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.reference.actions.CorporateActionReader;
import dev.tickvault.reference.actions.CorporateActionService;
import dev.tickvault.reference.economic.EconomicService;
import dev.tickvault.reference.economic.Frequency;
import dev.tickvault.reference.economic.NewObservation;
import dev.tickvault.reference.economic.NewSeries;
import dev.tickvault.reference.events.EventService;
import dev.tickvault.reference.events.NewEvent;
import dev.tickvault.reference.news.NewArticle;
import dev.tickvault.reference.news.NewsService;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads the bundled reference data at boot when {@code tickvault.sample-data.load} is on (dev mode), each kind
 * only while it is empty, through the same services as the API: the BLS employment series
 * ({@code us-employment.csv}, 23 monthly series {@code US.<COLUMN>} under vintage {@value #EMPLOYMENT_VINTAGE}),
 * the Reuters articles of 1987 ({@code news-reuters-1987.ndjson}) and the NYSE closures
 * ({@code market-closures.csv}) as {@value #CLOSURE} events, and the splits and dividend of
 * {@code corporate-actions.csv}. Every load is idempotent (series by id, articles by URL, events by their natural
 * key, actions by symbol, ex-date and type), so a half-finished start finishes at the next.
 */
@Singleton
public class ReferenceSampleData {

    /**
     * The vintage the employment file is loaded under. The file gives no publication dates: this is the day BLS
     * released its last month (December 2015); its values are those vega-datasets copied later, so they may
     * include revisions published after that day.
     */
    static final String EMPLOYMENT_VINTAGE = "2016-01-08";
    /** The event type of the NYSE closures. */
    static final String CLOSURE = "market_closure";

    private static final Logger LOG = Logger.getLogger(ReferenceSampleData.class);

    private final EconomicService economic;
    private final NewsService news;
    private final EventService events;
    private final CorporateActionService actions;
    private final ObjectMapper mapper;
    private final boolean load;

    public ReferenceSampleData(EconomicService economic, NewsService news, EventService events,
            CorporateActionService actions, ObjectMapper mapper,
            @ConfigProperty(name = "tickvault.sample-data.load", defaultValue = "false") boolean load) {
        this.economic = economic;
        this.news = news;
        this.events = events;
        this.actions = actions;
        this.mapper = mapper;
        this.load = load;
    }

    void onStart(@Observes @Priority(110) StartupEvent event) {
        if (!load) {
            return;
        }
        // Boot, main thread, before traffic: reading class-path files and waiting here blocks no event loop.
        Duration wait = Duration.ofMinutes(1);
        if (!economic.anySeries().await().atMost(wait)) {
            int rows = loadEmployment(wait);
            LOG.infof("Sample data loaded: 23 BLS employment series, %d observations (vintage %s)", rows,
                    EMPLOYMENT_VINTAGE);
        }
        if (!news.any().await().atMost(wait)) {
            List<NewArticle> articles = NewArticle.readBatch(mapper, read("sample-data/news-reuters-1987.ndjson"), true,
                    1_000);
            int inserted = news.store(articles).await().atMost(wait).inserted();
            LOG.infof("Sample data loaded: %d Reuters articles of 1987", inserted);
        }
        if (!events.anyOfType(CLOSURE).await().atMost(wait)) {
            int stored = events.record(closures()).await().atMost(wait).size();
            LOG.infof("Sample data loaded: %d NYSE closures as %s events", stored, CLOSURE);
        }
        if (!actions.any().await().atMost(wait)) {
            int stored = actions.store(CorporateActionReader.read(mapper, read("sample-data/corporate-actions.csv"),
                    CorporateActionReader.Format.CSV, 1_000)).await().atMost(wait).inserted();
            LOG.infof("Sample data loaded: %d corporate actions of AAPL and MSFT", stored);
        }
    }

    /** Creates the 23 series of the employment file and stores each column; returns the observations stored. */
    private int loadEmployment(Duration wait) {
        List<String> lines = lines("sample-data/us-employment.csv");
        String[] header = lines.get(0).split(",");
        LocalDate vintage = LocalDate.parse(EMPLOYMENT_VINTAGE);
        int stored = 0;
        for (int column = 1; column < header.length; column++) {
            String name = header[column];
            List<NewObservation> rows = new ArrayList<>(lines.size() - 1);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(",");
                rows.add(new NewObservation(LocalDate.parse(fields[0]), new BigDecimal(fields[column]), false));
            }
            String id = seriesId(name);
            economic.put(id, series(name)).await().atMost(wait);
            stored += economic.write(id, vintage, rows).await().atMost(wait).inserted();
        }
        return stored;
    }

    /** {@code US.<COLUMN>}, upper case; the file's misspelt {@code utilties} is spelt right. */
    static String seriesId(String column) {
        return "US." + column.replace("utilties", "utilities").toUpperCase(Locale.ROOT);
    }

    private static NewSeries series(String column) {
        String words = column.replace("utilties", "utilities").replace("_and_", " and ").replace('_', ' ');
        String industry = Character.toUpperCase(words.charAt(0)) + words.substring(1);
        String title = switch (column) {
            case "nonfarm" -> "All employees, total nonfarm (FRED: PAYEMS)";
            case "nonfarm_change" -> "All employees, total nonfarm, change from the previous month";
            default -> "All employees, " + industry.toLowerCase(Locale.ROOT);
        };
        String units = column.equals("nonfarm_change") ? "Change, thousands of persons" : "Thousands of persons";
        return new NewSeries(title, units, Frequency.MONTHLY, "U.S. Bureau of Labor Statistics, via vega-datasets 3.2.1",
                column.equals("nonfarm") ? "Seasonally adjusted" : null);
    }

    private List<NewEvent> closures() {
        List<String> lines = lines("sample-data/market-closures.csv");
        StringBuilder json = new StringBuilder("[");
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.indexOf(',');
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(mapper.createObjectNode().put("eventType", CLOSURE)
                    .put("eventAt", line.substring(0, comma) + "T00:00:00Z").put("name", line.substring(comma + 1))
                    .put("impact", 4).put("country", "US").put("source", "NYSE (public record)"));
        }
        return NewEvent.readBatch(mapper, json.append(']').toString().getBytes(StandardCharsets.UTF_8), false, 1_000)
                .records();
    }

    private static List<String> lines(String resource) {
        List<String> out = new ArrayList<>();
        for (String line : new String(read(resource), StandardCharsets.UTF_8).split("\r?\n")) {
            if (!line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing class-path resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
