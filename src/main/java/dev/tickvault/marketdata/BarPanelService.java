package dev.tickvault.marketdata;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.ops.db.ReadRouting;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Panels (DESIGN 9): the bars of up to 1,000 series of one timeframe in [from, to), ordered by {@code ts} then
 * {@code symbol}, streamed or in keyset pages, adjusted as a series' read is. Reads go where {@link ReadRouting}
 * sends reads made after the request's {@code minLsn}, as a series' do.
 */
@ApplicationScoped
public class BarPanelService {

    private final BarPanelRepository repository;
    private final ReadRouting routing;

    public BarPanelService(BarPanelRepository repository, ReadRouting routing) {
        this.repository = repository;
        this.routing = routing;
    }

    /** A panel's symbols, timeframe and range, parsed with 400 for bad values. */
    public record Panel(List<String> symbols, Timeframe timeframe, Instant from, Instant to, Adjustment adjustment) {

        /**
         * Parses a panel's query parameters.
         *
         * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 for missing, too many (over
         *     {@link BarService#MAX_LATEST_SYMBOLS}) or invalid symbols, or a bad timeframe, range or adjustment
         */
        public static Panel of(String symbols, String timeframe, String from, String to, String adjustment) {
            List<String> parsed = BarService.symbols(symbols);
            BarResource.Range range = BarResource.Range.of(parsed.get(0), timeframe, from, to, null);
            return new Panel(parsed, range.timeframe(), range.from(), range.to(), Adjustment.fromQuery(adjustment));
        }
    }

    /** Every bar of the panel, ready to stream as a series' range is ({@link BarService#openStream}). */
    public Uni<BarStream> openStream(Panel panel, Lsn minLsn) {
        return repository.openStream(routing.reads(minLsn), panel.symbols(), panel.timeframe(), lower(panel.from()),
                upper(panel.to()), panel.adjustment());
    }

    /**
     * A page of the panel after the cursor ({@link KeysetCursor.Shape#TIME_TEXT}: the last bar's ts and symbol), as
     * the JSON of a {@link BarPage}.
     */
    public Uni<Buffer> page(Panel panel, int limit, KeysetCursor cursor, Lsn minLsn) {
        OffsetDateTime afterTs = cursor == null ? BarRepository.FAR_PAST : cursor.ts().atOffset(ZoneOffset.UTC);
        String afterSymbol = cursor == null ? "" : cursor.key();
        return repository.page(routing.reads(minLsn), panel.symbols(), panel.timeframe(), lower(panel.from()),
                upper(panel.to()), afterTs, afterSymbol, limit, panel.adjustment());
    }

    private static OffsetDateTime lower(Instant from) {
        return from == null ? BarRepository.FAR_PAST : from.atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime upper(Instant to) {
        return to == null ? BarRepository.FAR_FUTURE : to.atOffset(ZoneOffset.UTC);
    }
}
