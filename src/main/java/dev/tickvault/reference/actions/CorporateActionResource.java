package dev.tickvault.reference.actions;

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
import dev.tickvault.common.Symbols;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.reference.ReferenceConfig;
import dev.tickvault.reference.ReferenceParams;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.LocalDate;
import java.util.Map;

/** Corporate actions over HTTP (DESIGN 9): {@code /api/v1/corporate-actions}. */
@Path("/api/v1/corporate-actions")
public class CorporateActionResource {

    private static final String CSV = "text/csv";

    private final CorporateActionService service;
    private final IdempotentWrite write;
    private final ObjectMapper mapper;
    private final int maxBatch;
    private final int workerThreshold;

    public CorporateActionResource(CorporateActionService service, IdempotentWrite write, ObjectMapper mapper,
            ReferenceConfig config, RequestConfig requests) {
        this.service = service;
        this.write = write;
        this.mapper = mapper;
        this.maxBatch = config.reference().maxBatch();
        this.workerThreshold = requests.ingest().workerParseThresholdBytes();
    }

    /**
     * Stores splits and dividends: JSON (one object or an array), NDJSON or CSV
     * {@code symbol,exDate,type,ratio,amount[,note]}. Honours {@code Idempotency-Key}.
     *
     * @return 200 {@code {"received","inserted","updated","unchanged"}}; 400, 413, 415, 422 (nothing written)
     */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, JsonBody.NDJSON, CSV})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "storeCorporateActions", summary = "Store a batch of corporate actions", extensions = @Extension(name = ApiDescription.IDEMPOTENT, value = "true"))
    @APIResponse(responseCode = "200", description = "Stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActionsWritten.class)))
    public Uni<Response> store(
            @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = NewCorporateAction.class)),
                    @Content(mediaType = JsonBody.NDJSON, schema = @Schema(type = SchemaType.STRING, description = "One NewCorporateAction JSON object a line.")),
                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, description = "A header line symbol,exDate,type,ratio,amount[,note], then one action a line."))})
            byte[] body, @Context HttpHeaders headers, @Context RoutingContext context) {
        IdempotentWrite.Request<ActionsWritten> request = write.request(context, body,
                result -> write.reply(200, result, Map.of()));
        CorporateActionReader.Format format = format(headers.getMediaType());
        return Offload.when(body != null && body.length > workerThreshold,
                        () -> CorporateActionReader.read(mapper, body, format, maxBatch))
                .chain(actions -> service.store(actions, request)).map(Reply::toResponse);
    }

    /** A page of actions of a {@code symbol} and {@code type} (each optional), ex-dates in [from, to). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listCorporateActions", summary = "A page of corporate actions")
    public Uni<Page<CorporateActionView>> list(@RestQuery String symbol, @RestQuery String type,
            @Parameter(description = "First ex-date, inclusive (YYYY-MM-DD).", schema = @Schema(type = SchemaType.STRING, format = "date")) @RestQuery String from,
            @Parameter(description = "Last ex-date, exclusive (YYYY-MM-DD).", schema = @Schema(type = SchemaType.STRING, format = "date")) @RestQuery String to, @RestQuery String order, @RestQuery String limit,
            @RestQuery String cursor, @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        LocalDate start = ReferenceParams.dateBound("from", from);
        LocalDate end = ReferenceParams.dateBound("to", to);
        ReferenceParams.checkRange(start, end);
        ActionType kind = null;
        if (type != null && !type.isEmpty()) {
            kind = ActionType.of(type).orElseThrow(() -> Problems.badRequest(
                    "Query parameter 'type' must be split or dividend"));
        }
        boolean descending = QueryParams.descending(order);
        return service.list(symbol == null || symbol.isEmpty() ? null : Symbols.fromPath(symbol), kind, start, end,
                descending, QueryParams.limit(limit), KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME_UUID, descending),
                Lsn.fromMinHeader(minLsn));
    }

    private static CorporateActionReader.Format format(MediaType type) {
        if (type == null) {
            return CorporateActionReader.Format.JSON;
        }
        if (type.isCompatible(MediaType.valueOf(JsonBody.NDJSON))) {
            return CorporateActionReader.Format.NDJSON;
        }
        return type.isCompatible(MediaType.valueOf(CSV)) ? CorporateActionReader.Format.CSV
                : CorporateActionReader.Format.JSON;
    }
}
