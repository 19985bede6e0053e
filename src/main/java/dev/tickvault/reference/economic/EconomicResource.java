package dev.tickvault.reference.economic;

import dev.tickvault.common.ApiDescription;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Offload;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.common.RequestConfig;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.reference.ReferenceConfig;
import dev.tickvault.reference.ReferenceParams;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Economic series with vintages over HTTP (DESIGN 10): {@code /api/v1/economic}. Thin: reads parameters and
 * bodies into typed values (400 when unreadable), calls {@link EconomicService}, maps an unknown series to 404.
 */
@Path("/api/v1/economic")
public class EconomicResource {

    private static final String CSV = "text/csv";

    private final EconomicService service;
    private final IdempotentWrite write;
    private final ObjectMapper mapper;
    private final int maxBatch;
    private final int workerThreshold;

    public EconomicResource(EconomicService service, IdempotentWrite write, ObjectMapper mapper,
            ReferenceConfig config, RequestConfig requests) {
        this.service = service;
        this.write = write;
        this.mapper = mapper;
        this.maxBatch = config.reference().maxBatch();
        this.workerThreshold = requests.ingest().workerParseThresholdBytes();
    }

    /** A page of series with their metadata, by creation time then id: {@code {"data":[...],"nextCursor"}}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listEconomicSeries", summary = "A page of economic series")
    public Uni<Page<EconomicSeriesView>> list(@RestQuery String order, @RestQuery String limit,
            @RestQuery String cursor, @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        boolean descending = QueryParams.descending(order);
        return service.list(descending, QueryParams.limit(limit),
                KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME_TEXT, descending), Lsn.fromMinHeader(minLsn));
    }

    /**
     * Creates a series ({@code 201}) or replaces its metadata ({@code 200}):
     * {@code {"title","units","frequency","source","notes"?}}.
     */
    @PUT
    @Path("/{seriesId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putEconomicSeries", summary = "Create a series or replace its metadata")
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EconomicSeriesView.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EconomicSeriesView.class)))
    public Uni<RestResponse<EconomicSeriesView>> put(@RestPath String seriesId,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewSeries.class))) byte[] body) {
        String id = ReferenceParams.seriesId(seriesId);
        NewSeries series = JsonBody.record(mapper, body, NewSeries::read, "the series was not stored");
        return service.put(id, series).map(put -> RestResponse.ResponseBuilder
                .<EconomicSeriesView>create(put.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK)
                .entity(put.series()).build());
    }

    /**
     * A page of the series' dates in [from, to), each with its value as known at {@code asOf} (the newest vintage
     * published on or before that day; without it, the newest of all): {@code {"data":[{"date","value",
     * "vintage","preliminary"}],"nextCursor"}}.
     */
    @GET
    @Path("/{seriesId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listObservations", summary = "A page of a series' values, as known at a day")
    public Uni<Page<ObservationView>> observations(@RestPath String seriesId,
            @Parameter(description = "First day, inclusive (YYYY-MM-DD).", schema = @Schema(type = SchemaType.STRING, format = "date")) @RestQuery String from,
            @Parameter(description = "Last day, exclusive (YYYY-MM-DD).", schema = @Schema(type = SchemaType.STRING, format = "date")) @RestQuery String to,
            @Parameter(description = "The day to read as of: the newest vintage published on or before it; the newest of all when absent.", schema = @Schema(type = SchemaType.STRING, format = "date")) @RestQuery String asOf, @RestQuery String order, @RestQuery String limit,
            @RestQuery String cursor, @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        String id = ReferenceParams.seriesId(seriesId);
        LocalDate start = ReferenceParams.dateBound("from", from);
        LocalDate end = ReferenceParams.dateBound("to", to);
        ReferenceParams.checkRange(start, end);
        boolean descending = QueryParams.descending(order);
        return service.observations(id, start, end, ReferenceParams.day("asOf", asOf), descending,
                        QueryParams.limit(limit), KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME, descending),
                        Lsn.fromMinHeader(minLsn))
                .map(page -> page.orElseThrow(() -> Problems.notFound("No economic series " + id)));
    }

    /** A page of the series' vintages: {@code {"data":[{"vintage","observations","firstReleases","revised",...}]}}. */
    @GET
    @Path("/{seriesId}/vintages")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listVintages", summary = "A page of a series' vintages")
    public Uni<Page<VintageView>> vintages(@RestPath String seriesId, @RestQuery String order,
            @RestQuery String limit, @RestQuery String cursor, @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        String id = ReferenceParams.seriesId(seriesId);
        boolean descending = QueryParams.descending(order);
        return service.vintages(id, descending, QueryParams.limit(limit),
                        KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME, descending), Lsn.fromMinHeader(minLsn))
                .map(page -> page.orElseThrow(() -> Problems.notFound("No economic series " + id)));
    }

    /**
     * Stores observations of one vintage ({@code ?vintage=}, the day they were published; default today, UTC):
     * JSON, NDJSON or CSV {@code date,value[,preliminary]}. Honours {@code Idempotency-Key}.
     *
     * @return 200 {@code {"seriesId","vintage","received","inserted","revised","unchanged"}}; 400, 404, 409, 413,
     *     415, 422
     */
    @POST
    @Path("/{seriesId}/observations")
    @Consumes({MediaType.APPLICATION_JSON, JsonBody.NDJSON, CSV})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "storeObservations", summary = "Store observations of one vintage", extensions = @Extension(name = ApiDescription.IDEMPOTENT, value = "true"))
    @APIResponse(responseCode = "200", description = "Stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ObservationsWritten.class)))
    public Uni<Response> post(@RestPath String seriesId,
            @Parameter(description = "The day the values were published (YYYY-MM-DD); today in UTC when absent.", schema = @Schema(type = SchemaType.STRING, format = "date")) @RestQuery String vintage,
            @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = NewObservation.class)),
                    @Content(mediaType = JsonBody.NDJSON, schema = @Schema(type = SchemaType.STRING, description = "One NewObservation JSON object a line.")),
                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, description = "A header line date,value[,preliminary], then one observation a line."))})
            byte[] body, @Context HttpHeaders headers, @Context RoutingContext context) {
        String id = ReferenceParams.seriesId(seriesId);
        LocalDate published = vintage(vintage);
        IdempotentWrite.Request<ObservationsWritten> request = write.request(context, body,
                result -> write.reply(200, result, Map.of()));
        ObservationReader.Format format = format(headers.getMediaType());
        return Offload.when(body != null && body.length > workerThreshold,
                        () -> ObservationReader.read(mapper, body, format, maxBatch))
                .chain(rows -> service.write(id, published, rows, request)).map(Reply::toResponse);
    }

    /**
     * The {@code vintage} parameter: a day (a timestamp counts as its UTC day), default today in UTC; at most
     * tomorrow, for publishers in time zones ahead of UTC.
     */
    private static LocalDate vintage(String raw) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate vintage = ReferenceParams.day("vintage", raw);
        if (vintage == null) {
            return today;
        }
        if (vintage.isAfter(today.plusDays(1))) {
            throw Problems.badRequest("Query parameter 'vintage' (" + vintage + ") is in the future: a vintage is the "
                    + "day the values were published");
        }
        return vintage;
    }

    private static ObservationReader.Format format(MediaType type) {
        if (type == null) {
            return ObservationReader.Format.JSON;
        }
        if (type.isCompatible(MediaType.valueOf(JsonBody.NDJSON))) {
            return ObservationReader.Format.NDJSON;
        }
        return type.isCompatible(MediaType.valueOf(CSV)) ? ObservationReader.Format.CSV : ObservationReader.Format.JSON;
    }
}
