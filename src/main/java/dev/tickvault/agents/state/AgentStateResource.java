package dev.tickvault.agents.state;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.ETags;
import dev.tickvault.common.Identifiers;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Problems;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** An agent's state over HTTP (DESIGN 5): {@code /api/v1/agents/{agentId}/state}, with ETag versions. */
@Path("/api/v1/agents/{agentId}/state")
public class AgentStateResource {

    private final AgentStateService service;
    private final ObjectMapper mapper;

    public AgentStateResource(AgentStateService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    /**
     * Creates (no {@code If-Match}) or replaces ({@code If-Match: "<version>"}) the agent's state, a JSON object.
     *
     * @return 201 created or 200 replaced, with the new {@code ETag}; 400, 409, 412, 422 (a document that
     *     cannot be stored and read back), 428
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putAgentState", summary = "Create or replace an agent's state")
    @APIResponse(responseCode = "200", description = "Replaced, with the new ETag", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgentStateView.class)))
    @APIResponse(responseCode = "201", description = "Created, with its ETag", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgentStateView.class)))
    @APIResponse(responseCode = "409", description = "Another request created the state at the same time.")
    @APIResponse(responseCode = "428", description = "The state exists: If-Match is required to replace it.")
    public Uni<RestResponse<AgentStateView>> put(@RestPath String agentId, @RestHeader("If-Match") String ifMatch,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class, description = "The state, a JSON object."))) byte[] body) {
        String agent = Identifiers.fromPath("agent id", agentId);
        ETags.IfMatch precondition = ETags.parseIfMatch(ifMatch);
        JsonNode state = JsonBody.document(mapper, body, true);
        return service.put(agent, precondition, state).map(saved -> RestResponse.ResponseBuilder
                .create(saved.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK, saved.state())
                .header("ETag", ETags.of(saved.state().version())).build());
    }

    /** The agent's state with its {@code ETag}, or 404. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getAgentState", summary = "An agent's state with its ETag")
    public Uni<RestResponse<AgentStateView>> get(@RestPath String agentId) {
        String agent = Identifiers.fromPath("agent id", agentId);
        return service.get(agent).map(s -> {
            AgentStateView view = s.orElseThrow(() -> Problems.notFound("Agent " + agent + " has no state"));
            return RestResponse.ResponseBuilder.ok(view).header("ETag", ETags.of(view.version())).build();
        });
    }
}
