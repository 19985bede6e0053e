package dev.tickvault.agents.queue;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.Context;
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
    @Operation(operationId = "getCommand", summary = "One command")
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
    @Operation(operationId = "ackCommand", summary = "Complete a command leased to the caller")
    @APIResponse(responseCode = "200", description = "The command, DONE")
    @APIResponse(responseCode = "409", description = "The command is not leased to the caller, or the lease expired.")
    public Uni<Command> ack(@RestPath String id, @Context RoutingContext context) {
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
    @Operation(operationId = "failCommand", summary = "Fail a command leased to the caller")
    @APIResponse(responseCode = "200", description = "The command: PENDING to retry, DEAD out of attempts, or FAILED")
    @APIResponse(responseCode = "409", description = "The command is not leased to the caller, or the lease expired.")
    public Uni<Command> fail(@RestPath String id, @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CommandService.Failure.class))}) byte[] body,
            @Context RoutingContext context) {
        UUID uuid = Uuids.fromPath("command id", id);
        CommandService.Failure failure = JsonBody.record(mapper, body, CommandService.Failure::read,
                "the command was not changed");
        return service.fail(uuid, Caller.id(context), failure);
    }
}
