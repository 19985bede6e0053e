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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @Operation(operationId = "getPanel",
            summary = "Read the bars of many series: a page (JSON) or one stream (NDJSON, CSV, Arrow, Parquet)",
            description = "Bars of up to 1,000 symbols of one timeframe in [from, to), ordered by ts then symbol. "
                    + "Accept (or format=json|csv|ndjson|arrow|parquet) selects the form, as for one series.")
    @APIResponse(responseCode = "200", description = "A page of bars, or the panel as a stream", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BarPage.class)),
            @Content(mediaType = BarResource.NDJSON, schema = @Schema(type = SchemaType.STRING,
                    description = "One Bar JSON object a line, by ts then symbol.")),
            @Content(mediaType = BarResource.CSV, schema = @Schema(type = SchemaType.STRING,
                    description = "The header line, then one bar a line, by ts then symbol.")),
            @Content(mediaType = BarFormat.ARROW_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary",
                    description = "An Arrow IPC stream (DESIGN 9's schema); 406 in a native executable.")),
            @Content(mediaType = BarFormat.PARQUET_FILE, schema = @Schema(type = SchemaType.STRING, format = "binary",
                    description = "A Parquet file; 406 in a native executable."))})
    public Uni<Buffer> page(
            @Parameter(description = "Comma-separated symbols, 1 to 1,000.", required = true) @RestQuery String symbols,
            @RestQuery String timeframe, @RestQuery String from,
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
    @Operation(hidden = true) // described with page(): one operation, five media types
    public Multi<String> streamCsv(@RestQuery String symbols, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String adjustment, @RestHeader(Lsn.MIN_HEADER) String minLsn,
            @Context HttpServerResponse response) {
        return stream(symbols, timeframe, from, to, adjustment, minLsn, response, BarResource.CSV,
                (batches, sent) -> BarStreams.csv(batches, codec, sent));
    }

    /** The panel as NDJSON, one bar a line. */
    @GET
    @Produces(BarResource.NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(hidden = true) // described with page(): one operation, five media types
    public Multi<byte[]> streamNdjson(@RestQuery String symbols, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String adjustment, @RestHeader(Lsn.MIN_HEADER) String minLsn,
            @Context HttpServerResponse response) {
        return stream(symbols, timeframe, from, to, adjustment, minLsn, response, BarResource.NDJSON,
                (batches, sent) -> BarStreams.ndjson(batches, codec, sent));
    }

    /** The panel as an Arrow IPC stream ({@link ArrowBars}). */
    @GET
    @Produces(BarFormat.ARROW_STREAM)
    @Operation(hidden = true) // described with page(): one operation, five media types
    public Multi<byte[]> streamArrow(@RestQuery String symbols, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String adjustment, @RestHeader(Lsn.MIN_HEADER) String minLsn,
            @Context HttpServerResponse response) {
        BarFormat.requireJvm(BarFormat.ARROW_STREAM, 406);
        return stream(symbols, timeframe, from, to, adjustment, minLsn, response, BarFormat.ARROW_STREAM,
                (batches, sent) -> arrow.stream(batches.invoke(batch -> sent.addAndGet(batch.size()))));
    }

    /** The panel as a Parquet file ({@link ParquetBars}). */
    @GET
    @Produces(BarFormat.PARQUET_FILE)
    @Operation(hidden = true) // described with page(): one operation, five media types
    public Multi<byte[]> streamParquet(@RestQuery String symbols, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String adjustment, @RestHeader(Lsn.MIN_HEADER) String minLsn,
            @Context HttpServerResponse response) {
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
