package dev.tickvault.live;

import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.tickvault.common.Symbols;
import dev.tickvault.marketdata.Timeframe;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code GET /api/v1/bars/{symbol}/live?timeframe}: the bars of a series as they are written (DESIGN 11). */
@Path("/api/v1/bars/{symbol}/live")
public class BarLiveResource {

    private final LiveStreams streams;

    public BarLiveResource(LiveStreams streams) {
        this.streams = streams;
    }

    /**
     * Server-Sent Events: {@code event: bar} with the bar's JSON (as {@code GET /api/v1/bars/{symbol}} gives it,
     * without {@code adjClose}) for every bar inserted or changed, in commit order, each with an {@code id}; a
     * comment every {@code tickvault.live.heartbeat}; {@code event: overflow} before closing a client that does not
     * keep up. {@code Last-Event-ID} or {@code after} resumes after that event.
     *
     * @return 200 {@code text/event-stream}; 400 for a bad symbol, timeframe or event id; 410 when what followed
     *     that event is older than {@code tickvault.live.replay-window} or no longer kept
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(operationId = "followBars", summary = "Follow a series: Server-Sent Events of every bar written or changed",
            description = "event: bar with the bar's JSON (as GET /api/v1/bars/{symbol} gives it), in commit order, each with an id; a heartbeat comment every 15 s; event: overflow before closing a client that "
                    + "does not keep up. Last-Event-ID (or after) resumes after that event, without gap or "
                    + "duplicate; 410 when what followed it is older than tickvault.live.replay-window (24 h).")
    @APIResponse(responseCode = "200", description = "The stream of events", content = @Content(
            mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING,
                    description = "id: <event id>\\nevent: <type>\\ndata: <JSON>\\n\\n, repeated")))
    @APIResponse(responseCode = "410", description = "The events after Last-Event-ID are no longer kept",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = dev.tickvault.common.ProblemDetail.class)))
    public Multi<String> live(@RestPath String symbol, @RestQuery String timeframe, @RestQuery String after,
            @Parameter(description = "The id of the last event received: the stream resumes after it.")
            @RestHeader("Last-Event-ID") String lastEventId, @Context RoutingContext context) {
        // The parameters were read and the start checked by LiveStreams.checkStart, before the stream's 200.
        return streams.open(context);
    }

    /** The feed a request names; 400 for a bad symbol or timeframe. */
    static Feed feed(UriInfo uri) {
        return new Feed.Bars(Symbols.fromPath(uri.getPathParameters().getFirst("symbol")),
                Timeframe.fromQuery(uri.getQueryParameters().getFirst("timeframe")));
    }
}
