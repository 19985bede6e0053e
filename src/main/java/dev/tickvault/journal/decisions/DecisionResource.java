package dev.tickvault.journal.decisions;

import dev.tickvault.common.JsonBody;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Offload;
import dev.tickvault.common.RequestConfig;
import dev.tickvault.common.Page;
import dev.tickvault.journal.WithBar;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.common.Symbols;
import dev.tickvault.common.Timestamps;
import dev.tickvault.common.Uuids;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.journal.JournalConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.tickvault.common.ApiDescription;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decisions over HTTP (DESIGN 4): {@code /api/v1/decisions}. Append-only: {@code POST} records one
 * decision or a batch, {@code GET} reads them back; {@code PUT}, {@code PATCH} and {@code DELETE} are 405.
 */
@Path("/api/v1/decisions")
public class DecisionResource {

    private static final String APPEND_ONLY = "Decisions are append-only: record a new decision instead";

    private final DecisionService service;
    private final IdempotentWrite write;
    private final ObjectMapper mapper;
    private final int maxBatch;
    private final int workerThreshold;

    public DecisionResource(DecisionService service, IdempotentWrite write, ObjectMapper mapper,
            JournalConfig config, RequestConfig requests) {
        this.service = service;
        this.write = write;
        this.mapper = mapper;
        this.maxBatch = config.journal().maxBatch();
        this.workerThreshold = requests.ingest().workerParseThresholdBytes();
    }

    /**
     * Records one decision (a JSON object) or a batch (a JSON array, or NDJSON). Honours
     * {@code Idempotency-Key}.
     *
     * @return 201 with the decision (and {@code Location}), or {@code {"data":[...]}} in input order for a
     *     batch; 400, 413, 415, 422 (nothing written)
     */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, JsonBody.NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordDecisions", summary = "Record a decision or a batch",
            description = "A JSON object records one decision and is answered with it (and Location); a JSON array "
                    + "of them, or NDJSON, records a batch, all or nothing, answered {\"data\":[...]} in input order.",
            extensions = @Extension(name = ApiDescription.IDEMPOTENT, value = "true"))
    // The single decision's answer is the schema: a generated client cannot tell anyOf {DecisionView, DecisionList}
    // apart (both read any object when unknown properties are ignored), and a batch is the rarer call.
    @APIResponse(responseCode = "201", description = "Recorded: the decision (with Location); a batch is answered "
            + "{\"data\":[...]} instead, a DecisionList",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DecisionView.class)))
    public Uni<Response> record(
            @RequestBody(required = true, description = "One decision as a JSON object; a JSON array of them, or "
                    + "NDJSON, records a batch.", content = {
                    // One object, as the answer's schema: a JSON array of them is read as a batch too, but a
                    // oneOf {object, array} generates a Java client that does not compile (openapi-generator 7.25).
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewDecision.class)),
                    @Content(mediaType = JsonBody.NDJSON, schema = @Schema(type = SchemaType.STRING,
                            description = "One NewDecision JSON object a line."))})
            byte[] body,
            @Context HttpHeaders headers, @Context RoutingContext context) {
        boolean ndjson = headers.getMediaType() != null
                && headers.getMediaType().isCompatible(MediaType.valueOf(JsonBody.NDJSON));
        // Bodies over tickvault.ingest.worker-parse-threshold-bytes are read on a worker thread, as bars are.
        return Offload.when(body != null && body.length > workerThreshold, () -> JsonBody.records(mapper, body, ndjson,
                maxBatch, NewDecision::read, "decision(s)")).chain(parsed -> service.record(parsed.records(),
                write.<List<DecisionView>>request(context, body, views -> parsed.batch()
                        ? write.reply(201, Map.of("data", views), Map.of())
                        : write.reply(201, views.get(0), Map.of("Location", "/api/v1/decisions/" + views.get(0).id())))))
                .map(Reply::toResponse);
    }

    /**
     * A page of decisions: {@code {"data":[...],"nextCursor"}}, by {@code decidedAt} then id; with
     * {@code withBar=<timeframe>} each with the {@code "bar"} complete when it was decided.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listDecisions", summary = "A page of decisions")
    @APIResponse(responseCode = "200", description = "A page of decisions", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DecisionPage.class)))
    public Uni<Page<?>> list(@RestQuery String symbol, @RestQuery String strategy, @RestQuery String from,
            @RestQuery String to, @RestQuery String order, @RestQuery String limit, @RestQuery String cursor,
            @RestQuery String withBar, @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        String sym = symbol == null || symbol.isEmpty() ? null : Symbols.fromPath(symbol);
        Instant start = Timestamps.queryParam("from", from);
        Instant end = Timestamps.queryParam("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw Problems.badRequest("Query parameter 'from' must not be after 'to'");
        }
        boolean descending = QueryParams.descending(order);
        return service.list(sym, strategy == null || strategy.isEmpty() ? null : strategy, start, end, descending,
                QueryParams.limit(limit), KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME_UUID, descending),
                Lsn.fromMinHeader(minLsn), WithBar.timeframe(withBar));
    }

    /** One decision, or 404. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getDecision", summary = "One decision")
    public Uni<DecisionView> byId(@RestPath String id) {
        UUID uuid = Uuids.fromPath("decision id", id);
        return service.byId(uuid).map(d -> d.orElseThrow(() -> Problems.notFound("No decision " + uuid)));
    }

    /** 405: decisions are never replaced. */
    @Operation(hidden = true) // not an operation: the method is refused (405)
    @PUT
    public Response putAll() {
        throw Problems.methodNotAllowed(APPEND_ONLY, "GET, POST");
    }

    /** 405: decisions are never changed. */
    @Operation(hidden = true) // not an operation: the method is refused (405)
    @PATCH
    public Response patchAll() {
        throw Problems.methodNotAllowed(APPEND_ONLY, "GET, POST");
    }

    /** 405: decisions are never deleted. */
    @Operation(hidden = true) // not an operation: the method is refused (405)
    @DELETE
    public Response deleteAll() {
        throw Problems.methodNotAllowed(APPEND_ONLY, "GET, POST");
    }

    /** 405: a decision is never replaced. */
    @Operation(hidden = true) // not an operation: the method is refused (405)
    @PUT
    @Path("/{id}")
    public Response put() {
        throw Problems.methodNotAllowed(APPEND_ONLY, "GET");
    }

    /** 405: a decision is never changed. */
    @Operation(hidden = true) // not an operation: the method is refused (405)
    @PATCH
    @Path("/{id}")
    public Response patch() {
        throw Problems.methodNotAllowed(APPEND_ONLY, "GET");
    }

    /** 405: a decision is never deleted. */
    @Operation(hidden = true) // not an operation: the method is refused (405)
    @DELETE
    @Path("/{id}")
    public Response delete() {
        throw Problems.methodNotAllowed(APPEND_ONLY, "GET");
    }
}
