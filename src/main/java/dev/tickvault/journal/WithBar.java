package dev.tickvault.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.marketdata.Bar;
import dev.tickvault.marketdata.BarService;
import dev.tickvault.marketdata.Timeframe;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A journal record on the wire with the bar that was complete when it happened ({@code withBar=1m} on the
 * decision and trade lists): the record's own fields and {@code "bar"}, the newest bar of the record's symbol in
 * that timeframe with {@code bar.ts + timeframe <= time} ({@link BarService#asOf}), {@code null} when there is
 * none. The join a backtest review needs: what the strategy could have seen, and nothing later.
 */
@RegisterForReflection
public record WithBar<T>(@JsonUnwrapped T record, @JsonInclude(JsonInclude.Include.ALWAYS) Bar bar) {

    /**
     * Parses the {@code withBar} query parameter: a timeframe, or nothing (no bars).
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 for an unknown timeframe
     */
    public static Timeframe timeframe(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        return Timeframe.of(raw).orElseThrow(() -> Problems.badRequest("Query parameter 'withBar' must be a timeframe: "
                + Timeframe.codes()));
    }

    /**
     * The page with each record's bar at its time, looked up in one as-of query for the whole page; the page as
     * it is without a timeframe.
     */
    public static <T> Uni<Page<?>> attach(Page<T> page, Timeframe tf, BarService bars, Function<T, String> symbol,
            Function<T, Instant> time) {
        if (tf == null) {
            return Uni.createFrom().item(page);
        }
        List<String> symbols = page.data().stream().map(symbol).toList();
        List<Instant> times = page.data().stream().map(time).toList();
        return bars.asOf(tf, symbols, times, true, null).map(found -> {
            List<WithBar<T>> out = new ArrayList<>(found.size());
            for (int i = 0; i < found.size(); i++) {
                out.add(new WithBar<>(page.data().get(i), found.get(i)));
            }
            return new Page<>(out, page.nextCursor());
        });
    }
}
