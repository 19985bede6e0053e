package dev.tickvault.agents.risk;

import dev.tickvault.common.ApiDescription;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Identifiers;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.common.Timestamps;
import dev.tickvault.common.Uuids;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Circuit-breaker events over HTTP (DESIGN 5): {@code /api/v1/risk/circuit-breaker-events}. Append-only: no
 * method changes or deletes an event (405).
 */
@Path("/api/v1/risk/circuit-breaker-events")
public class CircuitBreakerEventResource {

    private final CircuitBreakerEventService service;
    private final IdempotentWrite write;
    private final ObjectMapper mapper;

    public CircuitBreakerEventResource(CircuitBreakerEventService service, IdempotentWrite write,
            ObjectMapper mapper) {
        this.service = service;
        this.write = write;
        this.mapper = mapper;
    }

    /**
     * Records an event. Honours {@code Idempotency-Key}.
     *
     * @return 201 with the event and {@code Location}; 400, 422
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordCircuitBreakerEvent", summary = "Record a circuit-breaker event", extensions = @Extension(name = ApiDescription.IDEMPOTENT, value = "true"))
    @APIResponse(responseCode = "201", description = "The event, recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CircuitBreakerEventView.class)))
    public Uni<Response> record(@RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CircuitBreakerEventService.NewEvent.class))}) byte[] body, @Context RoutingContext context) {
        IdempotentWrite.Request<CircuitBreakerEventView> request = write.request(context, body,
                view -> write.reply(201, view, Map.of("Location", "/api/v1/risk/circuit-breaker-events/" + view.id())));
        CircuitBreakerEventService.NewEvent event = JsonBody.record(mapper, body,
                CircuitBreakerEventService.NewEvent::read, "the event was not recorded");
        return service.record(event, request).map(Reply::toResponse);
    }

    /** A page of events, optionally of one {@code agentId}, triggered in [from, to). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listCircuitBreakerEvents", summary = "A page of circuit-breaker events")
    public Uni<Page<CircuitBreakerEventView>> list(@RestQuery String agentId, @RestQuery String from,
            @RestQuery String to, @RestQuery String order, @RestQuery String limit, @RestQuery String cursor) {
        Instant start = Timestamps.queryParam("from", from);
        Instant end = Timestamps.queryParam("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw Problems.badRequest("Query parameter 'from' must not be after 'to'");
        }
        boolean descending = QueryParams.descending(order);
        return service.list(agentId == null || agentId.isEmpty() ? null : Identifiers.fromPath("agentId", agentId),
                start, end, descending, QueryParams.limit(limit),
                KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME_UUID, descending));
    }

    /** One event, or 404. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCircuitBreakerEvent", summary = "One circuit-breaker event")
    public Uni<CircuitBreakerEventView> byId(@RestPath String id) {
        UUID uuid = Uuids.fromPath("event id", id);
        return service.byId(uuid).map(e -> e.orElseThrow(() -> Problems.notFound("No circuit-breaker event " + uuid)));
    }
}
