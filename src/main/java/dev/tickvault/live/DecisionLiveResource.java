package dev.tickvault.live;

import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.common.Symbols;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code GET /api/v1/decisions/live?strategy&symbol}: a strategy's decisions on a symbol as they are recorded. */
@Path("/api/v1/decisions/live")
public class DecisionLiveResource {

    /** Longest strategy name (as a decision's). */
    private static final int MAX_STRATEGY = 128;

    private final LiveStreams streams;

    public DecisionLiveResource(LiveStreams streams) {
        this.streams = streams;
    }

    /**
     * Server-Sent Events: {@code event: decision} with the decision's JSON (as {@code GET /api/v1/decisions/{id}}
     * gives it) for every decision recorded with this strategy and symbol, in commit order, each with an
     * {@code id}; heartbeats, overflow and resumption as for the bars' feed. Both parameters are required: the pair is
     * the series whose row orders its events.
     *
     * @return 200 {@code text/event-stream}; 400 without {@code strategy} or {@code symbol} or for a bad event id;
     *     410 as for bars
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(operationId = "followDecisions", summary = "Follow decisions: Server-Sent Events of every decision recorded",
            description = "event: decision with the decision's JSON (as GET /api/v1/decisions/{id} gives it), in commit order, each with an id; a heartbeat comment every 15 s; event: overflow before closing a client that "
                    + "does not keep up. Last-Event-ID (or after) resumes after that event, without gap or "
                    + "duplicate; 410 when what followed it is older than tickvault.live.replay-window (24 h).")
    @APIResponse(responseCode = "200", description = "The stream of events", content = @Content(
            mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING,
                    description = "id: <event id>\\nevent: <type>\\ndata: <JSON>\\n\\n, repeated")))
    @APIResponse(responseCode = "410", description = "The events after Last-Event-ID are no longer kept",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = dev.tickvault.common.ProblemDetail.class)))
    public Multi<String> live(@RestQuery String strategy, @RestQuery String symbol, @RestQuery String after,
            @Parameter(description = "The id of the last event received: the stream resumes after it.")
            @RestHeader("Last-Event-ID") String lastEventId, @Context RoutingContext context) {
        // The parameters were read and the start checked by LiveStreams.checkStart, before the stream's 200.
        return streams.open(context);
    }

    /** The feed a request names; 400 without strategy or symbol, or for a bad one. */
    static Feed feed(UriInfo uri) {
        String name = QueryParams.required("strategy", uri.getQueryParameters().getFirst("strategy"));
        if (name.length() > MAX_STRATEGY) {
            throw Problems.badRequest("'strategy' is longer than " + MAX_STRATEGY + " characters");
        }
        return new Feed.Decisions(name, Symbols.fromPath(QueryParams.required("symbol",
                uri.getQueryParameters().getFirst("symbol"))));
    }
}
