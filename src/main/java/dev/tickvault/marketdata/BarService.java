package dev.tickvault.marketdata;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Symbols;

import dev.tickvault.common.DatabaseFailures;
import dev.tickvault.common.FeedEvents;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.marketdata.rollup.RollupService;
import dev.tickvault.marketdata.storage.PartitionService;
import dev.tickvault.ops.db.NotificationSender;
import dev.tickvault.ops.db.ReadRouting;
import dev.tickvault.ops.db.Reads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The market-data rules: batch validation before any write, atomic upserts with exact counts, keyset
 * pages, streams, resampling, gap reports and the series catalogue. Failures are RFC 9457 problems
 * ({@link io.quarkiverse.resteasy.problem.HttpProblem}). Every read here tolerates replication delay, so it runs
 * where {@link ReadRouting#reads} sends it: a read replica that has replayed the request's {@code minLsn}
 * ({@code Tickvault-Min-LSN}) and lags less than {@code tickvault.replicas.max-lag}, else the primary; a read of
 * several statements (gaps) runs them all on one server.
 */
@ApplicationScoped
public class BarService {

    /** The notification channel of the live feeds (bars and decisions), announced after each write's commit. */
    public static final String EVENTS_CHANNEL = BarRepository.EVENTS_CHANNEL;

    /** Most symbols in one {@code /bars/latest} call. */
    public static final int MAX_LATEST_SYMBOLS = 1_000;

    private final BarRepository repository;
    private final AdjustedCloseRepository adjustedCloses;
    private final Pool pool;
    private final ReadRouting routing;
    private final IdempotentWrite write;
    private final PartitionService partitions;
    private final MarketDataConfig config;
    private final RollupService rollups;
    private final Counter ingested;
    private final NotificationSender notifications;

    public BarService(BarRepository repository, AdjustedCloseRepository adjustedCloses, Pool pool,
            ReadRouting routing, IdempotentWrite write, PartitionService partitions, MarketDataConfig config,
            MeterRegistry registry, RollupService rollups, NotificationSender notifications) {
        this.rollups = rollups;
        this.notifications = notifications;
        this.repository = repository;
        this.adjustedCloses = adjustedCloses;
        this.pool = pool;
        this.routing = routing;
        this.write = write;
        this.partitions = partitions;
        this.config = config;
        this.ingested = Counter.builder("tickvault.bars.ingested")
                .description("Bars written (inserted or updated) by POST /api/v1/bars").register(registry);
    }

    /**
     * The live feed of a series (DESIGN 11): up to {@code limit} bars written after position {@code (seq, ord)},
     * oldest first, as the JSON of their GET answers. Every write statement that inserts or changes bars of a
     * series leaves one event, numbered from the series' summary row in commit order.
     */
    public Uni<FeedEvents.Page> eventsAfter(String symbol, Timeframe tf, long seq, int ord, int limit) {
        return repository.eventsAfter(symbol, tf, seq, ord, limit);
    }

    /**
     * {@link #eventsAfter} for many series in one statement ({@code From.series}: the timeframe's code): a page per
     * position, in the order given.
     */
    public Uni<List<FeedEvents.Page>> eventsAfterEach(List<FeedEvents.From> from, int limit) {
        return repository.eventsAfterEach(from, limit);
    }

    /** What the series keeps of its live events from number {@code from} on; recent: those after {@code past} are within {@code window}. */
    public Uni<FeedEvents.Retention> eventRetention(String symbol, Timeframe tf, long from, long past, Duration window) {
        return repository.eventRetention(symbol, tf, from, past, window.toSeconds());
    }

    /** Deletes up to {@code limit} live events written before {@code before}; returns how many. */
    public Uni<Integer> pruneEvents(Instant before, int limit) {
        return repository.pruneEvents(before, limit);
    }

    /**
     * Upserts a validated batch (in primary-key order, from {@code BarReader}) in one statement: the sample
     * data loader's way in.
     *
     * @return counts in rows
     */
    public Uni<IngestResult> ingest(List<Bar> bars) {
        List<String> notices = new ArrayList<>();
        return withPartitions(bars, notices, () -> upsertAlone(bars, notices)).invoke(() -> announce(notices));
    }

    /**
     * The upsert and the vendor's adjusted closes in one transaction: a bar whose only change is its
     * {@code adjClose} counts as updated.
     */
    private Uni<IngestResult> upsertWithAdjustedCloses(SqlConnection tx, List<Bar> bars, List<String> notices) {
        return repository.upsert(tx, partitions.route(bars)).chain(counts -> adjustedCloses.write(tx, bars)
                .map(only -> counted(bars, new BarRepository.UpsertCounts(counts.inserted(), counts.updated() + only,
                        counts.notices()), notices)));
    }

    /**
     * Upserts a validated batch in one statement, under the request's idempotency key when it has one (then
     * in one transaction with the key; validation came before, so a refused batch takes no key). The live
     * events' notifications go out once the write has committed (a reply replayed for a key announces nothing).
     *
     * @return the reply; fails with 422 for a key used for another request
     */
    public Uni<Reply> ingest(List<Bar> bars, IdempotentWrite.Request<IngestResult> request) {
        List<String> notices = new ArrayList<>();
        return withPartitions(bars, notices, () -> write.run(request, () -> upsertAlone(bars, notices),
                tx -> AdjustedCloseRepository.any(bars) ? upsertWithAdjustedCloses(tx, bars, notices)
                        : repository.upsert(tx, partitions.route(bars)).map(counts -> counted(bars, counts, notices))))
                .invoke(() -> announce(notices));
    }

    /**
     * The write of a batch without an idempotency key: the upsert alone, or with the vendor's adjusted closes in
     * one transaction.
     */
    private Uni<IngestResult> upsertAlone(List<Bar> bars, List<String> notices) {
        if (AdjustedCloseRepository.any(bars)) {
            return pool.withTransaction(tx -> upsertWithAdjustedCloses(tx, bars, notices));
        }
        return repository.upsert(partitions.route(bars)).map(counts -> counted(bars, counts, notices));
    }

    /**
     * Runs a write of {@code bars} once every bar has its partition ({@link PartitionService#ensureFor}, in its own
     * short transaction before the write's). When a partition this instance believed in is gone (dropped by
     * retention on another instance), it asks the database again and writes once more: the failed write changed
     * nothing, so the notifications it gathered are forgotten.
     */
    private <T> Uni<T> withPartitions(List<Bar> bars, List<String> notices, java.util.function.Supplier<Uni<T>> write) {
        return partitions.ensureFor(bars).chain(() -> write.get())
                .onFailure(DatabaseFailures::isMissingPartition).recoverWithUni(() -> partitions.reload()
                        .chain(() -> partitions.ensureFor(bars)).chain(() -> {
                            notices.clear();
                            return write.get();
                        }));
    }

    /** Sends the live events' notifications of a committed write. */
    private void announce(List<String> notices) {
        notifications.send(EVENTS_CHANNEL, notices);
    }

    /** The reply of a write, its notifications added to {@code notices} (sent once it has committed). */
    private IngestResult counted(List<Bar> bars, BarRepository.UpsertCounts counts, List<String> notices) {
        notices.addAll(counts.notices());
        ingested.increment(counts.inserted() + counts.updated());
        return new IngestResult(bars.size(), counts.inserted(), counts.updated(),
                bars.size() - counts.inserted() - counts.updated());
    }

    /** A page of bars in [from, to), after the cursor's bar, as the JSON of a {@link BarPage}. */
    public Uni<Buffer> page(String symbol, Timeframe tf, Instant from, Instant to, boolean descending, int limit,
            KeysetCursor cursor, Adjustment adjustment, Lsn minLsn) {
        Instant lower = from;
        Instant upper = to;
        if (cursor != null && !descending) {
            // Bars are stored to the microsecond (timestamptz): the next one opens at least 1 us later.
            Instant after = cursor.ts().plus(1, ChronoUnit.MICROS);
            lower = lower == null || after.isAfter(lower) ? after : lower;
        } else if (cursor != null) {
            upper = upper == null || cursor.ts().isBefore(upper) ? cursor.ts() : upper;
        }
        return repository.pageJson(routing.reads(minLsn), symbol, tf, lowerBound(lower), upperBound(upper), descending,
                limit, adjustment);
    }

    /**
     * Every bar in [from, to), ready to stream with backpressure: when the Uni completes, a connection, a
     * transaction and a cursor are open and the first rows read ({@link BarRepository#openStream}, {@link BarStream}); when it
     * fails (503 problems through {@code DatabaseFailures}: no connection, database away), nothing was sent.
     */
    public Uni<BarStream> openStream(String symbol, Timeframe tf, Instant from, Instant to,
            boolean descending, Adjustment adjustment, Lsn minLsn) {
        return repository.openStream(routing.reads(minLsn), symbol, tf, lowerBound(from), upperBound(to), descending,
                adjustment);
    }

    /** The newest bar of a series, empty when the series has none. */
    public Uni<Optional<Bar>> latest(String symbol, Timeframe tf) {
        return repository.latest(symbol, tf);
    }

    /** The newest bar of a series as the JSON of a {@link Bar}, empty when the series has none. */
    public Uni<Optional<Buffer>> latestJson(String symbol, Timeframe tf, Adjustment adjustment, Lsn minLsn) {
        return repository.latestJson(routing.reads(minLsn), symbol, tf, adjustment);
    }

    /**
     * The newest bar per symbol, in the order given, skipping symbols with no bar.
     *
     * @param symbolsParam comma-separated symbols, at most 1,000; 400 when missing, too many or invalid
     */
    public Uni<List<Bar>> latestMany(String symbolsParam, Timeframe tf, Adjustment adjustment, Lsn minLsn) {
        return repository.latest(routing.reads(minLsn), symbols(symbolsParam), tf, adjustment);
    }

    /**
     * The {@code symbols} query parameter of the reads of many series: comma-separated, spaces around each
     * ignored, duplicates dropped, in the order given.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when missing, empty, over 1,000 symbols or invalid
     */
    static List<String> symbols(String symbolsParam) {
        if (symbolsParam == null || symbolsParam.isBlank()) {
            throw Problems.badRequest("Query parameter 'symbols' is required: a comma-separated list of symbols");
        }
        Set<String> symbols = new LinkedHashSet<>();
        for (String raw : symbolsParam.split(",")) {
            // Spaces only: String.trim() also strips control characters such as NUL, which would pass unseen.
            String trimmed = trimSpaces(raw);
            if (!trimmed.isEmpty()) {
                symbols.add(Symbols.fromPath(trimmed));
            }
        }
        if (symbols.isEmpty()) {
            throw Problems.badRequest("Query parameter 'symbols' holds no symbol");
        }
        if (symbols.size() > MAX_LATEST_SYMBOLS) {
            throw Problems.badRequest("Query parameter 'symbols' holds " + symbols.size() + " symbols; at most "
                    + MAX_LATEST_SYMBOLS + " are allowed");
        }
        return List.copyOf(symbols);
    }

    private static String trimSpaces(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && raw.charAt(start) == ' ') {
            start++;
        }
        while (end > start && raw.charAt(end - 1) == ' ') {
            end--;
        }
        return raw.substring(start, end);
    }

    /** Buckets of the series' bars in [from, to), from a matching rollup where one is declared. */
    public Uni<List<ResampledBar>> resample(String symbol, Timeframe tf, Bucket bucket, Instant from, Instant to,
            Adjustment adjustment, Lsn minLsn) {
        return resample(symbol, tf, bucket, from, to, adjustment, true, minLsn);
    }

    /**
     * Buckets of the series' bars in [from, to). With {@code useRollups}, raw prices and a declared rollup of
     * {@code tf} into buckets of this width, the whole buckets below the rollup's watermark are read from it and
     * the rest from the bars, in one statement ({@link BarRepository#RESAMPLE_ROLLUP}): the same answer as from the
     * bars alone, except the buckets whose bars retention dropped, which only the rollup still has
     * ({@code rollupOnly}). The rollup's statement runs on the primary (it reads the dirty buckets the writes
     * record); the bars alone go where {@link ReadRouting} sends reads made after {@code minLsn}.
     */
    private Uni<List<ResampledBar>> resample(String symbol, Timeframe tf, Bucket bucket, Instant from, Instant to,
            Adjustment adjustment, boolean useRollups, Lsn minLsn) {
        Optional<String> rollup = useRollups && adjustment == Adjustment.RAW
                ? rollups.matching(tf, bucket.seconds()) : Optional.empty();
        if (rollup.isPresent()) {
            OffsetDateTime firstWhole = lowerBound(from);
            if (from != null) {
                Instant start = GapFill.bucketStart(from, bucket.seconds());
                firstWhole = (start.equals(from) ? start : start.plusSeconds(bucket.seconds())).atOffset(ZoneOffset.UTC);
            }
            OffsetDateTime lastWhole = to == null ? upperBound(null)
                    : GapFill.bucketStart(to, bucket.seconds()).atOffset(ZoneOffset.UTC);
            return repository.resampleWithRollup(symbol, tf, lowerBound(from), upperBound(to), bucket.seconds(),
                    bucket.label(), firstWhole, lastWhole, rollup.get());
        }
        return repository.resample(routing.reads(minLsn), symbol, tf, lowerBound(from), upperBound(to),
                bucket.seconds(), bucket.label(), adjustment);
    }

    /**
     * Buckets of the series' bars in [from, to), completed by {@code fill} into every bucket of the range
     * ({@link GapFill#fill}). Without {@code from} or {@code to}, the series' first bar and the end of its last
     * bound the range (no buckets when it has no bars). {@code prev} is seeded from the close of the series' last
     * bar before {@code from}.
     *
     * @param useRollups whether a matching rollup may serve the buckets below its watermark ({@code rollup=off}
     *     reads the bars only)
     * @param calendar {@code weekdays} (default) or {@code all}, for 1d buckets only: with {@code weekdays} an
     *     empty Saturday or Sunday is no bucket, as in {@link #gaps}
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 for an unknown calendar, a calendar with a bucket
     *     other than 1d, or a range of more than {@code tickvault.resample.max-filled-buckets} buckets
     */
    public Uni<List<ResampledBar>> resample(String symbol, Timeframe tf, Bucket bucket, Instant from, Instant to,
            Adjustment adjustment, Fill fill, String calendar, boolean useRollups, Lsn minLsn) {
        boolean daily = bucket.seconds() == Timeframe.D1.seconds();
        if (!daily && calendar != null && !calendar.isEmpty()) {
            throw Problems.badRequest("Query parameter 'calendar' applies to 1d buckets only");
        }
        boolean weekdays = daily && weekdays(calendar);
        if (fill == Fill.NONE) {
            return resample(symbol, tf, bucket, from, to, adjustment, useRollups, minLsn);
        }
        Uni<Optional<Instant[]>> range = from != null && to != null
                ? Uni.createFrom().item(Optional.of(new Instant[] {from, to}))
                : repository.series(routing.reads(minLsn), symbol, tf).map(series -> series.map(s -> new Instant[] {
                        from != null ? from : s.firstTs(),
                        to != null ? to : s.lastTs().plus(tf.seconds(), ChronoUnit.SECONDS)}));
        return range.chain(bounds -> {
            if (bounds.isEmpty()) {
                return Uni.createFrom().item(List.<ResampledBar>of());
            }
            Instant start = bounds.get()[0];
            Instant end = bounds.get()[1];
            long count = GapFill.bucketCount(start, end, bucket.seconds());
            long max = config.resample().maxFilledBuckets();
            if (count > max) {
                throw Problems.badRequest("The range [" + start + ", " + end + ") holds " + count + " buckets of "
                        + bucket.label() + "; a filled resample answers at most " + max
                        + " (tickvault.resample.max-filled-buckets): narrow it with 'from' and 'to'");
            }
            Uni<BigDecimal> seed = fill == Fill.PREV
                    ? repository.lastCloseBefore(symbol, tf, start.atOffset(ZoneOffset.UTC), adjustment)
                    : Uni.createFrom().nullItem();
            return seed.chain(close -> resample(symbol, tf, bucket, start, end, adjustment, useRollups, minLsn)
                    .map(buckets -> GapFill.fill(buckets, symbol, bucket.label(), bucket.seconds(), start, end,
                            weekdays, fill, close)));
        });
    }

    /**
     * The as-of bar of every point of {@code query}, in input order ({@link AsOfQuery}): one statement for all of
     * them, so a backtest never sees a bar that had not closed at a point's time (unless it asks for the bar in
     * progress with {@code closed=false}).
     */
    public Uni<List<AsOfBar>> asOf(AsOfQuery query) {
        List<String> symbols = new ArrayList<>(query.points().size());
        List<Instant> times = new ArrayList<>(query.points().size());
        for (AsOfQuery.Point point : query.points()) {
            symbols.add(point.symbol());
            times.add(point.ts());
        }
        return asOf(query.timeframe(), symbols, times, query.closed(), query.toleranceSeconds()).map(bars -> {
            List<AsOfBar> out = new ArrayList<>(bars.size());
            for (int i = 0; i < bars.size(); i++) {
                out.add(new AsOfBar(symbols.get(i), times.get(i), bars.get(i)));
            }
            return out;
        });
    }

    /**
     * The bar of timeframe {@code tf} complete at each (symbol, time), in order, {@code null} where there is none:
     * the as-of join other features (the journal's {@code withBar}) ask for.
     *
     * @param closed true for the newest bar with {@code bar.ts + tf <= time}, false for the newest with
     *     {@code bar.ts <= time}
     * @param toleranceSeconds at most how long before the time the bar may have ended, or {@code null}
     */
    public Uni<List<Bar>> asOf(Timeframe tf, List<String> symbols, List<Instant> times, boolean closed,
            Long toleranceSeconds) {
        if (symbols.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<OffsetDateTime> at = times.stream().map(t -> t.atOffset(ZoneOffset.UTC)).toList();
        return repository.asOf(tf, symbols, at, closed ? tf.seconds() : 0,
                toleranceSeconds == null ? null : tf.seconds() + toleranceSeconds);
    }

    /**
     * The {@code calendar} of gap reports and daily fills: {@code weekdays} (the default) or {@code all}.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 for another value
     */
    private static boolean weekdays(String calendar) {
        return switch (calendar == null || calendar.isEmpty() ? "weekdays" : calendar) {
            case "weekdays" -> true;
            case "all" -> false;
            default -> throw Problems.badRequest("Query parameter 'calendar' must be 'weekdays' or 'all'");
        };
    }

    /**
     * A page of the gaps of a series: missing days (weekdays with {@code calendar=weekdays}) for daily bars,
     * missing slots inside days with data for intraday bars, oldest first. Without {@code from}/{@code to},
     * the series' own first and last bar bound the range. The range may span at most
     * {@code tickvault.gaps.max-slots} timeframe slots, so that no page costs more than that range's SQL.
     *
     * @param limit the most entries in {@code missing} (1-10,000)
     * @param cursor the last entry of the previous page ({@link KeysetCursor.Shape#TIME}, ascending), or
     *     {@code null} for the first page
     * @return empty when the series has no bars (404); fails with 400 for weekly bars, an unknown calendar, or a
     *     range of more slots than the bound
     */
    public Uni<Optional<GapReport>> gaps(String symbol, Timeframe tf, Instant from, Instant to, String calendar,
            int limit, KeysetCursor cursor, Lsn minLsn) {
        boolean weekdays = weekdays(calendar);
        if (tf == Timeframe.W1) {
            throw Problems.badRequest("Gaps are reported for timeframes up to 1d");
        }
        String calendarName = weekdays ? "weekdays" : "all";
        // The summary and the gaps from one server, so the report's range and its gaps agree.
        Reads on = routing.reads(minLsn);
        return repository.series(on, symbol, tf).chain(series -> {
            if (series.isEmpty()) {
                return Uni.createFrom().item(Optional.<GapReport>empty());
            }
            Instant start = from != null ? from : series.get().firstTs();
            Instant end = to != null ? to : series.get().lastTs().plus(tf.seconds(), ChronoUnit.SECONDS);
            if (tf == Timeframe.D1) {
                LocalDate fromDate = ceilToDate(start);
                LocalDate toDate = ceilToDate(end);
                Instant reportFrom = midnight(fromDate);
                Instant reportTo = midnight(toDate);
                checkSlots(fromDate.until(toDate, ChronoUnit.DAYS), tf, reportFrom, reportTo);
                // Days stand alone: the page after a cursor day starts the next day.
                LocalDate lower = cursor == null ? fromDate
                        : later(fromDate, LocalDate.ofInstant(cursor.ts(), ZoneOffset.UTC).plusDays(1));
                if (!toDate.isAfter(lower)) {
                    return Uni.createFrom().item(Optional.of(new GapReport(symbol, tf.code(), reportFrom, reportTo,
                            calendarName, List.of(), null)));
                }
                return repository.dailyGaps(on, symbol, lower, toDate, weekdays, Page.fetchSize(limit))
                        .map(days -> Page.of(days, limit, day -> KeysetCursor.after(midnight(day), false))
                                .map(LocalDate::toString))
                        .map(page -> Optional.of(new GapReport(symbol, tf.code(), reportFrom, reportTo, calendarName,
                                page.data(), page.nextCursor())));
            }
            long seconds = Duration.between(start, end).getSeconds();
            long slots = seconds <= 0 ? 0 : (seconds + tf.seconds() - 1) / tf.seconds();
            checkSlots(slots, tf, start, end);
            // A slot is missing for the bars before and after it in its UTC day: read the cursor's day whole.
            Instant lower = cursor == null ? start : later(start, cursor.ts().truncatedTo(ChronoUnit.DAYS));
            OffsetDateTime after = cursor == null ? BarRepository.FAR_PAST : cursor.ts().atOffset(ZoneOffset.UTC);
            return repository.intradayGaps(on, symbol, tf, lowerBound(lower), upperBound(end), weekdays, after,
                            Page.fetchSize(limit))
                    .map(found -> Page.of(found, limit, slot -> KeysetCursor.after(slot, false)).map(Instant::toString))
                    .map(page -> Optional.of(new GapReport(symbol, tf.code(), start, end, calendarName, page.data(),
                            page.nextCursor())));
        });
    }

    /**
     * Refuses a gap range of more timeframe slots than {@code tickvault.gaps.max-slots}.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 naming the slots, the bound and its setting
     */
    private void checkSlots(long slots, Timeframe tf, Instant from, Instant to) {
        long max = config.gaps().maxSlots();
        if (slots > max) {
            throw Problems.badRequest("The range [" + from + ", " + to + ") spans " + slots + " " + tf.code()
                    + " slots; a gap report covers at most " + max + " (tickvault.gaps.max-slots): narrow it with"
                    + " 'from' and 'to'");
        }
    }

    private static <T extends Comparable<? super T>> T later(T a, T b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Every symbol with its series, from the summary table. */
    public Uni<List<SeriesSummary>> symbols(Lsn minLsn) {
        return repository.series(routing.reads(minLsn)).map(rows -> {
            Map<String, List<SeriesSummary.Series>> bySymbol = new LinkedHashMap<>();
            for (BarRepository.SeriesRow row : rows) {
                bySymbol.computeIfAbsent(row.symbol(), s -> new ArrayList<>()).add(
                        new SeriesSummary.Series(row.timeframe(), row.firstTs(), row.lastTs(), row.barCount()));
            }
            List<SeriesSummary> out = new ArrayList<>(bySymbol.size());
            bySymbol.forEach((symbol, series) -> out.add(new SeriesSummary(symbol, series)));
            return out;
        });
    }

    /** Deletes the bars of a series in [from, to); returns how many. */
    public Uni<Integer> delete(String symbol, Timeframe tf, Instant from, Instant to) {
        return repository.delete(symbol, tf, lowerBound(from), upperBound(to));
    }

    /**
     * Checks that a range is not inverted.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when {@code from} is after {@code to}
     */
    public static void checkRange(Instant from, Instant to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw Problems.badRequest("Query parameter 'from' must not be after 'to'");
        }
    }

    /** {@code from} in UTC; absent, a bound below every stored bar. */
    private static OffsetDateTime lowerBound(Instant from) {
        return from == null ? BarRepository.FAR_PAST : from.atOffset(ZoneOffset.UTC);
    }

    /** {@code to} in UTC; absent, a bound above every stored bar (PostgreSQL's {@code 'infinity'}). */
    private static OffsetDateTime upperBound(Instant to) {
        return to == null ? BarRepository.FAR_FUTURE : to.atOffset(ZoneOffset.UTC);
    }

    private static LocalDate ceilToDate(Instant instant) {
        LocalDate date = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        return instant.equals(midnight(date)) ? date : date.plusDays(1);
    }

    private static Instant midnight(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
