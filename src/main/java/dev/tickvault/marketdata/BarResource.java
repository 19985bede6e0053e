package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.common.Symbols;
import dev.tickvault.common.Timestamps;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.marketdata.ingest.BarReader;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.tickvault.common.ApiDescription;
import dev.tickvault.common.Listing;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Market data over HTTP (DESIGN 3): {@code /api/v1/bars}. Thin: parses parameters (400 on bad ones),
 * calls {@link BarService}, maps empty results to 404. Every read takes {@code Tickvault-Min-LSN}
 * ({@link Lsn#fromMinHeader}): its answer then includes every write up to that WAL position.
 */
@Path("/api/v1/bars")
public class BarResource {

    /** NDJSON media type. */
    public static final String NDJSON = "application/x-ndjson";
    /** CSV media type. */
    public static final String CSV = "text/csv";

    private final BarService service;
    private final BarCodec codec;
    private final BarReader reader;
    private final IdempotentWrite write;
    private final ObjectMapper mapper;

    public BarResource(BarService service, BarCodec codec, BarReader reader, IdempotentWrite write,
            ObjectMapper mapper) {
        this.service = service;
        this.codec = codec;
        this.reader = reader;
        this.write = write;
        this.mapper = mapper;
    }

    /**
     * Upserts a batch of bars given as a JSON array, NDJSON or CSV (generic or Yahoo Finance layout). Honours
     * {@code Idempotency-Key}: a retry with the same key, body and query gets the first answer again and
     * writes nothing.
     *
     * @return 200 {@code {"received","inserted","updated","unchanged"}}; 400, 413, 415 or 422 otherwise
     */
    @POST
    @Consumes({CSV, MediaType.APPLICATION_JSON, NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ingestBars", summary = "Upsert a batch of bars",
            description = "All or nothing: one invalid bar rejects the batch (422, each fault with its line or JSON "
                    + "pointer). CSV is listed first, so a generated client sends a vendor file as it is.",
            extensions = @Extension(name = ApiDescription.IDEMPOTENT, value = "true"))
    @APIResponse(responseCode = "200", description = "The batch was written",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IngestResult.class)))
    public Uni<Response> ingest(
            @RequestBody(required = true, content = {
                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, description = "A header "
                            + "line, then one bar a line: generic symbol,timeframe,ts,open,high,low,close,volume"
                            + "[,vwap,tradeCount,source] or the Yahoo Finance layout Date,Open,High,Low,Close,"
                            + "Adj Close,Volume (then the symbol and timeframe query parameters are required).",
                            examples = "Date,Open,High,Low,Close,Adj Close,Volume\n2020-04-17,2842.429932,"
                                    + "2879.219971,2830.879883,2874.560059,2874.560059,5792140000\n")),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
                            implementation = Bar.class)),
                    @Content(mediaType = NDJSON, schema = @Schema(type = SchemaType.STRING,
                            description = "One Bar JSON object a line.")),
                    @Content(mediaType = BarFormat.ARROW_STREAM, schema = @Schema(type = SchemaType.STRING,
                            format = "binary", description = "An Arrow IPC stream with the columns of DESIGN 9, "
                                    + "faults located by row index (/3/open); 415 in a native executable."))})
            byte[] body,
            @Context HttpHeaders headers,
            @Parameter(description = "The symbol of every row of a Yahoo Finance CSV (which has no symbol column).")
            @RestQuery String symbol,
            @Parameter(description = "The timeframe of every row of a Yahoo Finance CSV.",
                    schema = @Schema(type = SchemaType.STRING,
                            enumeration = {"1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"}))
            @RestQuery String timeframe,
            @Context RoutingContext context) {
        IdempotentWrite.Request<IngestResult> request = write.request(context, body,
                result -> write.reply(200, result, Map.of()));
        return reader.readBatch(body, format(headers.getHeaderString(HttpHeaders.CONTENT_TYPE)), symbol, timeframe)
                .chain(bars -> service.ingest(bars, request)).map(Reply::toResponse);
    }

    /**
     * A page of a series, oldest first unless {@code order=desc}: {@code {"data":[...],"nextCursor"}},
     * written straight from the rows ({@link BarJson}).
     */
    @GET
    @Path("/{symbol}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBars",
            summary = "Read a series: a page (JSON) or the whole range (NDJSON, CSV, Arrow, Parquet)",
            description = "Accept (or format=json|csv|ndjson|arrow|parquet for clients that cannot set it) selects "
                    + "the form: application/json a keyset page (limit, cursor), application/x-ndjson or text/csv "
                    + "the whole range streamed one bar a line, application/vnd.apache.arrow.stream or "
                    + "application/vnd.apache.parquet the whole range in columns.")
    @APIResponse(responseCode = "200", description = "A page of bars, or the range as a stream", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BarPage.class)),
            @Content(mediaType = NDJSON, schema = @Schema(type = SchemaType.STRING,
                    description = "One Bar JSON object a line, in order.")),
            @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, description = "The header line "
                    + "symbol,timeframe,ts,open,high,low,close,volume,vwap,tradeCount,source, then one bar a line.")),
            @Content(mediaType = BarFormat.ARROW_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary",
                    description = "An Arrow IPC stream (DESIGN 9's schema, prices decimal128(20,8)); 406 in a "
                            + "native executable.")),
            @Content(mediaType = BarFormat.PARQUET_FILE, schema = @Schema(type = SchemaType.STRING, format = "binary",
                    description = "A Parquet file (prices DECIMAL(20,8)); 406 in a native executable."))})
    public Uni<Buffer> page(@RestPath String symbol, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String order, @RestQuery String limit, @RestQuery String cursor,
            @RestQuery String adjustment, @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        Range range = Range.of(symbol, timeframe, from, to, order);
        int size = QueryParams.limit(limit);
        return service.page(range.symbol, range.timeframe, range.from, range.to, range.descending, size,
                KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME, range.descending), Adjustment.fromQuery(adjustment),
                Lsn.fromMinHeader(minLsn));
    }

    /**
     * The whole range as NDJSON, one bar a line, streamed through a database cursor (one chunk per fetch).
     * The status is sent only once the cursor is open: no connection is a 503 problem with
     * {@code Retry-After}, never a 200 that stops; a failure after the first byte aborts the response.
     */
    @GET
    @Path("/{symbol}")
    @Produces(NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(hidden = true) // described with page(): one operation, three media types
    public Multi<byte[]> streamNdjson(@RestPath String symbol, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String order, @RestQuery String adjustment,
            @RestHeader(Lsn.MIN_HEADER) String minLsn, @Context HttpServerResponse response) {
        Range range = Range.of(symbol, timeframe, from, to, order);
        Adjustment adjusted = Adjustment.fromQuery(adjustment);
        Lsn floor = Lsn.fromMinHeader(minLsn);
        return RestMulti.fromUniResponse(
                service.openStream(range.symbol, range.timeframe, range.from, range.to, range.descending, adjusted,
                        floor),
                stream -> {
                    AtomicLong sent = new AtomicLong();
                    return abortOnFailure(BarStreams.ndjson(stream.batches(), codec, sent), range, NDJSON, sent,
                            response);
                });
    }

    /**
     * The whole range as CSV with a header line, streamed through a database cursor (one chunk per fetch, the
     * header in the first). Failures as for NDJSON: 503 before the first byte, an aborted response after it.
     */
    @GET
    @Path("/{symbol}")
    @Produces(CSV)
    @Operation(hidden = true) // described with page(): one operation, three media types
    public Multi<String> streamCsv(@RestPath String symbol, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String order, @RestQuery String adjustment,
            @RestHeader(Lsn.MIN_HEADER) String minLsn, @Context HttpServerResponse response) {
        Range range = Range.of(symbol, timeframe, from, to, order);
        Adjustment adjusted = Adjustment.fromQuery(adjustment);
        Lsn floor = Lsn.fromMinHeader(minLsn);
        return RestMulti.fromUniResponse(
                service.openStream(range.symbol, range.timeframe, range.from, range.to, range.descending, adjusted,
                        floor),
                stream -> {
                    AtomicLong sent = new AtomicLong();
                    return abortOnFailure(BarStreams.csv(stream.batches(), codec, sent), range, CSV, sent, response);
                });
    }

    /** The newest bar of a series, or 404; written straight from the row ({@link BarJson}). */
    @GET
    @Path("/{symbol}/latest")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getLatestBar", summary = "The newest bar of a series")
    @APIResponse(responseCode = "200", description = "The newest bar",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Bar.class)))
    public Uni<Buffer> latest(@RestPath String symbol, @RestQuery String timeframe, @RestQuery String adjustment,
            @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        String sym = Symbols.fromPath(symbol);
        Timeframe tf = Timeframe.fromQuery(timeframe);
        return service.latestJson(sym, tf, Adjustment.fromQuery(adjustment), Lsn.fromMinHeader(minLsn))
                .map(bar -> bar.orElseThrow(() -> Problems.notFound("No " + tf.code() + " bar for symbol " + sym)));
    }

    /** The newest bar of each of up to 1,000 symbols: {@code {"data":[...]}}, symbols without bars left out. */
    @GET
    @Path("/latest")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getLatestBars", summary = "The newest bar of each of up to 1,000 symbols")
    public Uni<Listing<Bar>> latestMany(
            @Parameter(description = "Comma-separated symbols, 1 to 1,000.", required = true,
                    examples = @org.eclipse.microprofile.openapi.annotations.media.ExampleObject(name = "two",
                            value = "^GSPC,^VIX"))
            @RestQuery String symbols, @RestQuery String timeframe,
            @RestQuery String adjustment, @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        Timeframe tf = Timeframe.fromQuery(timeframe);
        return service.latestMany(symbols, tf, Adjustment.fromQuery(adjustment), Lsn.fromMinHeader(minLsn))
                .map(Listing::new);
    }

    /**
     * Bars aggregated into wider buckets: {@code {"data":[...]}}; with {@code fill=null|prev|linear} every bucket
     * of the range, empty ones {@code "filled": true} (then a bucket as wide as the timeframe is allowed too);
     * {@code calendar=weekdays|all} for 1d buckets; {@code rollup=auto} (default) lets a matching rollup serve the
     * buckets below its watermark, {@code off} reads the bars only.
     */
    @GET
    @Path("/{symbol}/resample")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "resampleBars", summary = "Bars aggregated into wider buckets")
    public Uni<Listing<ResampledBar>> resample(@RestPath String symbol, @RestQuery String timeframe,
            @RestQuery String bucket, @RestQuery String from, @RestQuery String to, @RestQuery String adjustment,
            @RestQuery String fill, @RestQuery String calendar, @RestQuery String rollup,
            @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        Range range = Range.of(symbol, timeframe, from, to, null);
        Fill mode = Fill.fromQuery(fill);
        Bucket parsed = Bucket.parse(bucket, range.timeframe, mode != Fill.NONE);
        boolean useRollups = switch (rollup == null || rollup.isEmpty() ? "auto" : rollup) {
            case "auto" -> true;
            case "off" -> false;
            default -> throw Problems.badRequest("Query parameter 'rollup' must be auto or off");
        };
        return service.resample(range.symbol, range.timeframe, parsed, range.from, range.to,
                        Adjustment.fromQuery(adjustment), mode, calendar, useRollups, Lsn.fromMinHeader(minLsn))
                .map(Listing::new);
    }

    /**
     * The as-of lookup (DESIGN 8): {@code {"timeframe","tolerance"?,"closed"?,"points":[{"symbol","ts"}]}} answered
     * {@code {"data":[{"symbol","ts","bar"}]}} in input order, {@code bar} null where none qualifies.
     *
     * @return 200; 400 unreadable, 413 more than 10,000 points, 422 a rule broken
     */
    @POST
    @Path("/asof")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBarsAsOf", summary = "The bar of each point as of its time")
    public Uni<Listing<AsOfBar>> asOf(@RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AsOfQuery.class))) byte[] body) {
        AsOfQuery query = JsonBody.record(mapper, body, AsOfQuery::read, "no bar was looked up");
        return service.asOf(query).map(Listing::new);
    }

    /**
     * A page of the missing days (daily bars) or missing slots (intraday bars):
     * {@code {"symbol","timeframe","from","to","calendar","missing":[...],"nextCursor"}}, {@code limit} 1-10,000
     * entries (default 100), {@code cursor} from the previous page.
     *
     * @return 200; 400 for a bad parameter or a range of more than {@code tickvault.gaps.max-slots} slots; 404
     *     when the series has no bars
     */
    @GET
    @Path("/{symbol}/gaps")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBarGaps", summary = "A page of the missing days or slots of a series")
    public Uni<GapReport> gaps(@RestPath String symbol, @RestQuery String timeframe, @RestQuery String from,
            @RestQuery String to, @RestQuery String calendar, @RestQuery String limit, @RestQuery String cursor,
            @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        Range range = Range.of(symbol, timeframe == null || timeframe.isEmpty() ? "1d" : timeframe, from, to, null);
        int size = QueryParams.limit(limit);
        KeysetCursor after = KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME, false);
        return service.gaps(range.symbol, range.timeframe, range.from, range.to, calendar, size, after,
                        Lsn.fromMinHeader(minLsn))
                .map(report -> report.orElseThrow(() -> Problems.notFound(
                        "No " + range.timeframe.code() + " bars for symbol " + range.symbol)));
    }

    /** Deletes the bars of a series in [from, to): {@code {"deleted": n}}. */
    @DELETE
    @Path("/{symbol}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deleteBars", summary = "Delete the bars of a series in [from, to)")
    @APIResponse(responseCode = "200", description = "The bars were deleted", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Deleted.class)))
    public Uni<Map<String, Integer>> delete(@RestPath String symbol, @RestQuery String timeframe,
            @RestQuery String from, @RestQuery String to) {
        Range range = Range.of(symbol, timeframe, from, to, null);
        return service.delete(range.symbol, range.timeframe, range.from, range.to)
                .map(deleted -> Map.of("deleted", deleted));
    }

    /**
     * The body format named by {@code Content-Type}. The router admitted only the media types of
     * {@code @Consumes} or none at all (an empty body, which every format refuses alike), so anything
     * that is neither NDJSON nor CSV is read as JSON.
     */
    private static BarReader.Format format(String contentType) {
        if (contentType == null) {
            return BarReader.Format.JSON;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        if (type.equalsIgnoreCase(NDJSON)) {
            return BarReader.Format.NDJSON;
        }
        return type.equalsIgnoreCase(CSV) ? BarReader.Format.CSV : BarReader.Format.JSON;
    }

    /** {@link BarStreams#abortOnFailure} for a series. */
    private static <T> Multi<T> abortOnFailure(Multi<T> chunks, Range range, String type, AtomicLong sent,
            HttpServerResponse response) {
        return BarStreams.abortOnFailure(chunks, range.symbol + " " + range.timeframe.code(), type, sent, response);
    }

    /** The parameters every series read shares, parsed with 400 for bad values. */
    record Range(String symbol, Timeframe timeframe, Instant from, Instant to, boolean descending) {
        static Range of(String symbol, String timeframe, String from, String to, String order) {
            String sym = Symbols.fromPath(symbol);
            Timeframe tf = Timeframe.fromQuery(timeframe);
            Instant start = Timestamps.queryParam("from", from);
            Instant end = Timestamps.queryParam("to", to);
            BarService.checkRange(start, end);
            return new Range(sym, tf, start, end, QueryParams.descending(order));
        }
    }
}
