package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickvault.marketdata.ingest.BarReader;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Loads the bundled real market data at boot when {@code tickvault.sample-data.load} is on (dev mode)
 * and the database has no {@code ^GSPC 1d} bars yet: S&P 500 daily bars 2000-2020 from the Yahoo
 * Finance CSV, and VIX daily bars of summer 2009 (volume 0: the file has none). It goes through the
 * same ingest path as {@code POST /api/v1/bars}.
 */
@Singleton
public class SampleDataLoader {

    private static final Logger LOG = Logger.getLogger(SampleDataLoader.class);

    private final BarService service;
    private final BarReader reader;
    private final ObjectMapper mapper;
    private final MarketDataConfig config;

    public SampleDataLoader(BarService service, BarReader reader, ObjectMapper mapper, MarketDataConfig config) {
        this.service = service;
        this.reader = reader;
        this.mapper = mapper;
        this.config = config;
    }

    void onStart(@Observes @Priority(100) StartupEvent event) {
        if (!config.sampleData().load()) {
            return;
        }
        // Boot, main thread, before traffic: reading class-path files and waiting here blocks no event loop.
        boolean present = service.latest("^GSPC", Timeframe.D1).await().atMost(Duration.ofSeconds(30)).isPresent();
        if (present) {
            return;
        }
        IngestResult sp500 = reader.readBatch(read("sample-data/sp500-2000.csv"), BarReader.Format.CSV, "^GSPC", "1d")
                .chain(service::ingest).await().atMost(Duration.ofMinutes(2));
        IngestResult vix = reader.readBatch(vixBars(), BarReader.Format.JSON, null, null)
                .chain(service::ingest).await().atMost(Duration.ofMinutes(1));
        LOG.infof("Sample data loaded: ^GSPC 1d %d bars, ^VIX 1d %d bars", sp500.inserted(), vix.inserted());
    }

    private byte[] vixBars() {
        try {
            JsonNode rows = mapper.readTree(read("sample-data/ohlc.json"));
            ArrayNode bars = mapper.createArrayNode();
            for (JsonNode row : rows) {
                ObjectNode bar = bars.addObject();
                bar.put("symbol", "^VIX").put("timeframe", "1d").put("ts", row.get("date").asText() + "T00:00:00Z");
                bar.set("open", row.get("open"));
                bar.set("high", row.get("high"));
                bar.set("low", row.get("low"));
                bar.set("close", row.get("close"));
                bar.put("volume", 0).put("source", "CBOE via vega-datasets");
            }
            return mapper.writeValueAsBytes(bars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
