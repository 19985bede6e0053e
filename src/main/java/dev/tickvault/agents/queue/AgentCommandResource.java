package dev.tickvault.agents.queue;

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
import java.util.List;
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
    public Uni<Response> enqueue(@RestPath String agentId, byte[] body, RoutingContext context) {
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
    public Uni<Map<String, List<Command>>> claim(@RestPath String agentId, @RestQuery String max,
            @RestQuery String leaseSeconds, @RestQuery String wait, RoutingContext context) {
        String agent = Identifiers.fromPath("agent id", agentId);
        int count = QueryParams.integer("max", max, 1, MAX_CLAIM, DEFAULT_CLAIM);
        int lease = QueryParams.integer("leaseSeconds", leaseSeconds, 1, maxLeaseSeconds, DEFAULT_LEASE_SECONDS);
        Duration waiting = waitParam(wait);
        return service.claim(agent, count, lease, Caller.id(context), waiting).map(claimed -> Map.of("data", claimed));
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
    public Uni<Page<Command>> list(@RestPath String agentId, @RestQuery String status, @RestQuery String order,
            @RestQuery String limit, @RestQuery String cursor) {
        String agent = Identifiers.fromPath("agent id", agentId);
        boolean descending = QueryParams.descending(order);
        return service.list(agent, QueryParams.oneOf("status", status, CommandStatus.class), descending,
                QueryParams.limit(limit), KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME_UUID, descending));
    }
}
