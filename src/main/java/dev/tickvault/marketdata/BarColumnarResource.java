package dev.tickvault.marketdata;

import dev.tickvault.common.Lsn;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.marketdata.ingest.BarReader;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The columnar formats of {@code /api/v1/bars} (DESIGN 9): a series' range as an Arrow IPC stream or a Parquet
 * file, streamed through the same database cursor as CSV and NDJSON ({@link BarService#openStream}: 503 before the
 * first byte, an aborted response after it), and batches of bars posted as an Arrow IPC stream. In a native
 * executable these media types are 406 (reads) and 415 (writes) ({@link BarFormat#requireJvm}).
 */
@Path("/api/v1/bars")
public class BarColumnarResource {

    private final BarService service;
    private final BarReader reader;
    private final IdempotentWrite write;
    private final ArrowBars arrow;
    private final ParquetBars parquet;

    public BarColumnarResource(BarService service, BarReader reader, IdempotentWrite write, ArrowBars arrow,
            ParquetBars parquet) {
        this.service = service;
        this.reader = reader;
        this.write = write;
        this.arrow = arrow;
        this.parquet = parquet;
    }

    /**
     * The whole range as an Arrow IPC stream ({@link ArrowBars#SCHEMA}), one record batch per cursor fetch.
     * Parameters as for CSV ({@code timeframe}, {@code from}, {@code to}, {@code order}, {@code adjustment}).
     */
    @GET
    @Path("/{symbol}")
    @Produces(BarFormat.ARROW_STREAM)
    @Operation(hidden = true) // described with BarResource.page(): one operation, five media types
    public Multi<byte[]> streamArrow(@RestPath String symbol, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String order, @RestQuery String adjustment,
            @RestHeader(Lsn.MIN_HEADER) String minLsn, @Context HttpServerResponse response) {
        BarFormat.requireJvm(BarFormat.ARROW_STREAM, 406);
        return series(symbol, timeframe, from, to, order, adjustment, minLsn, response, BarFormat.ARROW_STREAM,
                arrow::stream);
    }

    /** The whole range as a Parquet file, row groups as they fill, the footer last. Parameters as for CSV. */
    @GET
    @Path("/{symbol}")
    @Produces(BarFormat.PARQUET_FILE)
    @Operation(hidden = true) // described with BarResource.page(): one operation, five media types
    public Multi<byte[]> streamParquet(@RestPath String symbol, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String order, @RestQuery String adjustment,
            @RestHeader(Lsn.MIN_HEADER) String minLsn, @Context HttpServerResponse response) {
        BarFormat.requireJvm(BarFormat.PARQUET_FILE, 406);
        return series(symbol, timeframe, from, to, order, adjustment, minLsn, response, BarFormat.PARQUET_FILE,
                parquet::stream);
    }

    /**
     * Upserts a batch of bars given as an Arrow IPC stream: the same rules, counts, atomicity and
     * {@code Idempotency-Key} as a JSON batch, faults located by row index ({@code /3/open}).
     *
     * @return 200 {@code {"received","inserted","updated","unchanged"}}; 400 when the body is no Arrow stream, 413,
     *     422 otherwise
     */
    @POST
    @Consumes(BarFormat.ARROW_STREAM)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true) // described with BarResource.ingest(): one operation, four media types
    public Uni<Response> ingestArrow(byte[] body, @Context RoutingContext context) {
        BarFormat.requireJvm(BarFormat.ARROW_STREAM, 415);
        IdempotentWrite.Request<IngestResult> request = write.request(context, body,
                result -> write.reply(200, result, Map.of()));
        return reader.readBatch(body, BarReader.Format.ARROW, null, null)
                .chain(bars -> service.ingest(bars, request)).map(Reply::toResponse);
    }

    private Multi<byte[]> series(String symbol, String timeframe, String from, String to, String order,
            String adjustment, String minLsn, HttpServerResponse response, String type,
            Function<Multi<List<Bar>>, Multi<byte[]>> format) {
        BarResource.Range range = BarResource.Range.of(symbol, timeframe, from, to, order);
        Adjustment adjusted = Adjustment.fromQuery(adjustment);
        Lsn floor = Lsn.fromMinHeader(minLsn);
        return RestMulti.fromUniResponse(
                service.openStream(range.symbol(), range.timeframe(), range.from(), range.to(), range.descending(),
                        adjusted, floor),
                stream -> {
                    AtomicLong sent = new AtomicLong();
                    Multi<byte[]> chunks = format.apply(stream.batches().invoke(batch -> sent.addAndGet(batch.size())));
                    return BarStreams.abortOnFailure(chunks, range.symbol() + " " + range.timeframe().code(), type,
                            sent, response);
                });
    }
}
