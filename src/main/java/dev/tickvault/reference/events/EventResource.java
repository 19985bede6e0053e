package dev.tickvault.reference.events;

import dev.tickvault.common.ApiDescription;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.ETags;
import dev.tickvault.common.Identifiers;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Offload;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.common.RequestConfig;
import dev.tickvault.common.Symbols;
import dev.tickvault.common.Timestamps;
import dev.tickvault.common.Uuids;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.reference.ReferenceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The event calendar over HTTP (DESIGN 10): {@code /api/v1/events}. */
@Path("/api/v1/events")
public class EventResource {

    /** JSON Merge Patch (RFC 7396), accepted by PATCH besides plain JSON. */
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final EventService service;
    private final IdempotentWrite write;
    private final ObjectMapper mapper;
    private final int maxBatch;
    private final int workerThreshold;

    public EventResource(EventService service, IdempotentWrite write, ObjectMapper mapper, ReferenceConfig config,
            RequestConfig requests) {
        this.service = service;
        this.write = write;
        this.mapper = mapper;
        this.maxBatch = config.reference().maxBatch();
        this.workerThreshold = requests.ingest().workerParseThresholdBytes();
    }

    /**
     * Records one event (a JSON object) or a batch (a JSON array, or NDJSON). Honours {@code Idempotency-Key}.
     *
     * @return 201 with the event ({@code Location}, {@code ETag}), or {@code {"data":[...]}} in input order for a
     *     batch; 400, 409 (an event already stored), 413, 415, 422 (nothing written)
     */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, JsonBody.NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordEvents", summary = "Record an event or a batch", description = "A JSON object records one event and is answered with it (Location, ETag); a JSON array, or NDJSON, records a batch, all or nothing, answered {\"data\":[...]} in input order.", extensions = @Extension(name = ApiDescription.IDEMPOTENT, value = "true"))
    // As for decisions: the single event's answer is the schema, a batch's is said in words.
    @APIResponse(responseCode = "201", description = "Recorded: the event (with Location and ETag); a batch is "
            + "answered {\"data\":[...]} instead, an EventList",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventView.class)))
    @APIResponse(responseCode = "409", description = "An event is already stored.")
    public Uni<Response> record(
            @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewEvent.class)),
                    @Content(mediaType = JsonBody.NDJSON, schema = @Schema(type = SchemaType.STRING, description = "One NewEvent JSON object a line."))})
            byte[] body, @Context HttpHeaders headers, @Context RoutingContext context) {
        boolean ndjson = headers.getMediaType() != null
                && headers.getMediaType().isCompatible(MediaType.valueOf(JsonBody.NDJSON));
        return Offload.when(body != null && body.length > workerThreshold, () -> NewEvent.readBatch(mapper, body, ndjson, maxBatch))
                .chain(parsed -> service.record(parsed.records(), write.<List<EventView>>request(context, body,
                        views -> parsed.batch() ? write.reply(201, Map.of("data", views), Map.of())
                                : write.reply(201, views.get(0), Map.of("Location", "/api/v1/events/" + views.get(0).id(),
                                        "ETag", ETags.of(views.get(0).version()))))))
                .map(Reply::toResponse);
    }

    /**
     * A page of events: {@code eventAt} in [from, to), of {@code eventType}, {@code country}, {@code symbol}, with
     * {@code impact >= minImpact}; by {@code eventAt} then id, oldest first unless {@code order=desc}.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listEvents", summary = "A page of calendar events")
    public Uni<Page<EventView>> list(@RestQuery String from, @RestQuery String to, @RestQuery String eventType,
            @RestQuery String country, @RestQuery String symbol, @RestQuery String minImpact, @RestQuery String order,
            @RestQuery String limit, @RestQuery String cursor, @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        Instant start = Timestamps.queryParam("from", from);
        Instant end = Timestamps.queryParam("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw Problems.badRequest("Query parameter 'from' must not be after 'to'");
        }
        String countryCode = null;
        if (country != null && !country.isEmpty()) {
            if (!country.matches("[A-Za-z]{2}")) {
                throw Problems.badRequest("Query parameter 'country' must be an ISO 3166-1 alpha-2 code such as US");
            }
            countryCode = country.toUpperCase(Locale.ROOT);
        }
        boolean descending = QueryParams.descending(order);
        return service.list(start, end, eventType == null || eventType.isEmpty() ? null
                        : Identifiers.fromPath("eventType", eventType), countryCode,
                symbol == null || symbol.isEmpty() ? null : Symbols.fromPath(symbol),
                QueryParams.integer("minImpact", minImpact, 1, 4, 1), descending, QueryParams.limit(limit),
                KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME_UUID, descending), Lsn.fromMinHeader(minLsn));
    }

    /** One event with its {@code ETag}, or 404. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getEvent", summary = "One event with its ETag")
    public Uni<RestResponse<EventView>> byId(@RestPath String id) {
        UUID uuid = Uuids.fromPath("event id", id);
        return service.byId(uuid).map(e -> withETag(e.orElseThrow(() -> Problems.notFound("No event " + uuid))));
    }

    /**
     * Records the figures of an event once released: {@code {"actual"?,"forecast"?,"previous"?}}, at least one.
     * With {@code If-Match}, only at that version.
     *
     * @return 200 with the event and its new {@code ETag}; 400, 404, 412, 422
     */
    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeEvent", summary = "Set an event's actual, forecast or previous value")
    @APIResponse(responseCode = "200", description = "The event, changed, with its new ETag")
    public Uni<RestResponse<EventView>> change(@RestPath String id, @RestHeader("If-Match") String ifMatch,
            @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventChange.class)), @Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = EventChange.class))}) byte[] body) {
        UUID uuid = Uuids.fromPath("event id", id);
        ETags.IfMatch precondition = ETags.parseIfMatch(ifMatch);
        EventChange change = JsonBody.record(mapper, body, EventChange::read, "the event was not changed");
        return service.change(uuid, precondition, change)
                .map(e -> withETag(e.orElseThrow(() -> Problems.notFound("No event " + uuid))));
    }

    private static RestResponse<EventView> withETag(EventView event) {
        return RestResponse.ResponseBuilder.ok(event).header("ETag", ETags.of(event.version())).build();
    }
}
