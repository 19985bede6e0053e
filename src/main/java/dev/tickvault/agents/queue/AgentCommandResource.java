package dev.tickvault.agents.queue;

import dev.tickvault.common.Listing;
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
import dev.tickvault.common.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Identifiers;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.agents.AgentsConfig;
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

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** An agent's command queue over HTTP (DESIGN 5): {@code /api/v1/agents/{agentId}/commands}. */
@Path("/api/v1/agents/{agentId}/commands")
public class AgentCommandResource {

    /** Most commands one claim hands out. */
    static final int MAX_CLAIM = 1_000;
    /** Commands a claim hands out without {@code max}. */
    static final int DEFAULT_CLAIM = 10;
    /** Lease length without {@code leaseSeconds}. */
    static final int DEFAULT_LEASE_SECONDS = 30;

    private final CommandService service;
    private final IdempotentWrite write;
    private final ObjectMapper mapper;
    private final int maxLeaseSeconds;
    private final Duration maxWait;

    public AgentCommandResource(CommandService service, IdempotentWrite write, ObjectMapper mapper,
            AgentsConfig config) {
        this.service = service;
        this.write = write;
        this.mapper = mapper;
        this.maxLeaseSeconds = config.queue().maxLeaseSeconds();
        this.maxWait = config.queue().maxWait();
    }

    /**
     * Enqueues a command {@code {"type","payload",priority?,notBefore?}}. Honours {@code Idempotency-Key}.
     *
     * @return 201 with the command (PENDING) and {@code Location}; 400, 422
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "enqueueCommand", summary = "Enqueue a command for an agent", extensions = @Extension(name = ApiDescription.IDEMPOTENT, value = "true"))
    @APIResponse(responseCode = "201", description = "The command, PENDING", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Command.class)))
    public Uni<Response> enqueue(@RestPath String agentId, @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewCommand.class))}) byte[] body,
            @Context RoutingContext context) {
        String agent = Identifiers.fromPath("agent id", agentId);
        IdempotentWrite.Request<Command> request = write.request(context, body,
                c -> write.reply(201, c, Map.of("Location", "/api/v1/commands/" + c.id())));
        NewCommand command = JsonBody.record(mapper, body, NewCommand::read, "the command was not enqueued");
        return service.enqueue(agent, command, request).map(Reply::toResponse);
    }

    /**
     * Leases up to {@code max} (1 to 1,000, default 10) claimable commands to the caller for
     * {@code leaseSeconds} (1 to {@code tickvault.queue.max-lease-seconds}, default 30), highest priority then
     * oldest first: {@code {"data":[...]}}, empty when there is nothing to do. With {@code wait} (an ISO-8601
     * duration up to {@code tickvault.queue.max-wait}, e.g. {@code PT20S}) it long-polls: answers as soon as a
     * command becomes claimable, or with an empty list once {@code wait} has passed.
     *
     * @return 200; 400 for a bad {@code max}, {@code leaseSeconds} or {@code wait}
     */
    @POST
    @Path("/claim")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "claimCommands", summary = "Lease claimable commands to the caller, waiting for some if asked")
    public Uni<Listing<Command>> claim(@RestPath String agentId,
            @Parameter(description = "Most commands to lease, 1 to 1,000 (default 10).", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "10"))
            @RestQuery String max,
            @Parameter(description = "Lease length in seconds, 1 to tickvault.queue.max-lease-seconds (default 30).", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", defaultValue = "30"))
            @RestQuery String leaseSeconds,
            @Parameter(description = "How long to wait for a claimable command when none is (long-poll), an ISO-8601 "
                    + "duration up to tickvault.queue.max-wait (PT60S); default PT0S: answer at once.",
                    schema = @Schema(type = SchemaType.STRING, defaultValue = "PT0S", examples = "PT20S"))
            @RestQuery String wait, @Context RoutingContext context) {
        String agent = Identifiers.fromPath("agent id", agentId);
        int count = QueryParams.integer("max", max, 1, MAX_CLAIM, DEFAULT_CLAIM);
        int lease = QueryParams.integer("leaseSeconds", leaseSeconds, 1, maxLeaseSeconds, DEFAULT_LEASE_SECONDS);
        Duration waiting = waitParam(wait);
        return service.claim(agent, count, lease, Caller.id(context), waiting).map(Listing::new);
    }

    private Duration waitParam(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Duration.ZERO;
        }
        Duration parsed;
        try {
            parsed = Duration.parse(raw);
        } catch (DateTimeParseException e) {
            throw Problems.badRequest("Query parameter 'wait' is not an ISO-8601 duration such as PT20S");
        }
        if (parsed.isNegative() || parsed.compareTo(maxWait) > 0) {
            throw Problems.badRequest("Query parameter 'wait' must be between PT0S and " + maxWait);
        }
        return parsed;
    }

    /** A page of the agent's commands, optionally of one {@code status}, by creation time. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listCommands", summary = "A page of the agent's commands")
    public Uni<Page<Command>> list(@RestPath String agentId, @RestQuery String status, @RestQuery String order,
            @RestQuery String limit, @RestQuery String cursor) {
        String agent = Identifiers.fromPath("agent id", agentId);
        boolean descending = QueryParams.descending(order);
        return service.list(agent, QueryParams.oneOf("status", status, CommandStatus.class), descending,
                QueryParams.limit(limit), KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME_UUID, descending));
    }
}
