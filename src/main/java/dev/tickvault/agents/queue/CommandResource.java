package dev.tickvault.agents.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Caller;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Uuids;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

import java.util.UUID;

/** One command by id (DESIGN 5): read it, acknowledge it, fail it. {@code /api/v1/commands/{id}}. */
@Path("/api/v1/commands/{id}")
public class CommandResource {

    private final CommandService service;
    private final ObjectMapper mapper;

    public CommandResource(CommandService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    /** The command, or 404. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Command> byId(@RestPath String id) {
        UUID uuid = Uuids.fromPath("command id", id);
        return service.byId(uuid).map(c -> c.orElseThrow(() -> Problems.notFound("No command " + uuid)));
    }

    /**
     * Completes a command leased to the caller.
     *
     * @return 200 with the command (DONE); 404; 409 when it is not leased to the caller or the lease expired
     */
    @POST
    @Path("/ack")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Command> ack(@RestPath String id, RoutingContext context) {
        return service.ack(Uuids.fromPath("command id", id), Caller.id(context));
    }

    /**
     * Fails a command leased to the caller: {@code {"error","retry"?}}.
     *
     * @return 200 with the command (PENDING to retry, DEAD out of attempts, or FAILED); 400, 404, 409, 422
     */
    @POST
    @Path("/fail")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Command> fail(@RestPath String id, byte[] body, RoutingContext context) {
        UUID uuid = Uuids.fromPath("command id", id);
        CommandService.Failure failure = JsonBody.record(mapper, body, CommandService.Failure::read,
                "the command was not changed");
        return service.fail(uuid, Caller.id(context), failure);
    }
}
