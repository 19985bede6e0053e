package dev.tickvault.marketdata;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.QueryParams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Panels over HTTP (DESIGN 9): {@code GET /api/v1/bars?symbols=A,B,...&timeframe&from&to&adjustment}, the bars of up
 * to 1,000 series ordered by {@code ts} then {@code symbol}, as JSON pages ({@code limit}, {@code cursor}) or one
 * stream in CSV, NDJSON, Arrow or Parquet, chosen by {@code Accept} or {@code format}. Streams behave as a series'
 * do: the status goes out once the cursor is open (503 before the first byte), a failure after it aborts the
 * response.
 */
@Path("/api/v1/bars")
public class BarPanelResource {

    private final BarPanelService service;
    private final BarCodec codec;
    private final ArrowBars arrow;
    private final ParquetBars parquet;

    public BarPanelResource(BarPanelService service, BarCodec codec, ArrowBars arrow, ParquetBars parquet) {
        this.service = service;
        this.codec = codec;
        this.arrow = arrow;
        this.parquet = parquet;
    }

    /** A page of the panel: {@code {"data":[...],"nextCursor"}}, the cursor after the last bar's (ts, symbol). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Buffer> page(@RestQuery String symbols, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String adjustment, @RestQuery String limit, @RestQuery String cursor,
            @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        BarPanelService.Panel panel = BarPanelService.Panel.of(symbols, timeframe, from, to, adjustment);
        int size = QueryParams.limit(limit);
        return service.page(panel, size, KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME_TEXT, false),
                Lsn.fromMinHeader(minLsn));
    }

    /** The panel as CSV with a header line, as a series' CSV stream. */
    @GET
    @Produces(BarResource.CSV)
    public Multi<String> streamCsv(@RestQuery String symbols, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String adjustment, @RestHeader(Lsn.MIN_HEADER) String minLsn,
            HttpServerResponse response) {
        return stream(symbols, timeframe, from, to, adjustment, minLsn, response, BarResource.CSV,
                (batches, sent) -> BarStreams.csv(batches, codec, sent));
    }

    /** The panel as NDJSON, one bar a line. */
    @GET
    @Produces(BarResource.NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_OCTET_STREAM)
    public Multi<byte[]> streamNdjson(@RestQuery String symbols, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String adjustment, @RestHeader(Lsn.MIN_HEADER) String minLsn,
            HttpServerResponse response) {
        return stream(symbols, timeframe, from, to, adjustment, minLsn, response, BarResource.NDJSON,
                (batches, sent) -> BarStreams.ndjson(batches, codec, sent));
    }

    /** The panel as an Arrow IPC stream ({@link ArrowBars}). */
    @GET
    @Produces(BarFormat.ARROW_STREAM)
    public Multi<byte[]> streamArrow(@RestQuery String symbols, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String adjustment, @RestHeader(Lsn.MIN_HEADER) String minLsn,
            HttpServerResponse response) {
        BarFormat.requireJvm(BarFormat.ARROW_STREAM, 406);
        return stream(symbols, timeframe, from, to, adjustment, minLsn, response, BarFormat.ARROW_STREAM,
                (batches, sent) -> arrow.stream(batches.invoke(batch -> sent.addAndGet(batch.size()))));
    }

    /** The panel as a Parquet file ({@link ParquetBars}). */
    @GET
    @Produces(BarFormat.PARQUET_FILE)
    public Multi<byte[]> streamParquet(@RestQuery String symbols, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String adjustment, @RestHeader(Lsn.MIN_HEADER) String minLsn,
            HttpServerResponse response) {
        BarFormat.requireJvm(BarFormat.PARQUET_FILE, 406);
        return stream(symbols, timeframe, from, to, adjustment, minLsn, response, BarFormat.PARQUET_FILE,
                (batches, sent) -> parquet.stream(batches.invoke(batch -> sent.addAndGet(batch.size()))));
    }

    private <T> Multi<T> stream(String symbols, String timeframe, String from, String to, String adjustment,
            String minLsn, HttpServerResponse response, String type,
            BiFunction<Multi<List<Bar>>, AtomicLong, Multi<T>> format) {
        BarPanelService.Panel panel = BarPanelService.Panel.of(symbols, timeframe, from, to, adjustment);
        Lsn floor = Lsn.fromMinHeader(minLsn);
        String what = "a panel of " + panel.symbols().size() + " symbols " + panel.timeframe().code();
        return RestMulti.fromUniResponse(service.openStream(panel, floor), stream -> {
            AtomicLong sent = new AtomicLong();
            return BarStreams.abortOnFailure(format.apply(stream.batches(), sent), what, type, sent, response);
        });
    }
}
