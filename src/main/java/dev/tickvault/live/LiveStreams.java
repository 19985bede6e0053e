package dev.tickvault.live;

import dev.tickvault.common.DatabaseFailures;
import dev.tickvault.common.Problems;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Opens the live streams. The REST layer's Server-Sent Events writer sends a 200 as soon as a stream is
 * subscribed, so where a stream starts is checked before, in a request filter on the two live resources: a bad
 * event id is 400 and a position past the replay window 410, as problems, before a byte of a stream. The
 * resource then hands the response to a {@link Subscriber}, which writes the frames itself (ids, event names,
 * heartbeat comments, which that writer cannot send alone); the stream the REST layer holds emits nothing and
 * completes when the subscriber ends, and the client going away cancels it.
 */
public class LiveStreams {

    /** Routing-context key of a checked start. */
    private static final String START = "tickvault.live.start";

    private final LiveHub hub;
    private final LiveService service;

    public LiveStreams(LiveHub hub, LiveService service) {
        this.hub = hub;
        this.service = service;
    }

    /** A feed and the position its stream starts after. */
    record Start(Feed feed, Position after) {
    }

    /**
     * For requests matched to a live resource: reads the feed (400 for bad parameters) and checks where its stream
     * starts ({@link LiveService#start}); answers with the problem, or lets the request through with the start
     * recorded.
     */
    @ServerRequestFilter
    public Uni<Response> checkStart(ContainerRequestContext request, RoutingContext context,
            SimpleResourceInfo resource) {
        Class<?> type = resource.getResourceClass();
        if (type != BarLiveResource.class && type != DecisionLiveResource.class) {
            return Uni.createFrom().nullItem();
        }
        if (!hub.accepting()) {
            return Uni.createFrom().item(Problems.shuttingDown().toResponse());
        }
        Feed feed;
        Position from;
        try {
            UriInfo uri = request.getUriInfo();
            feed = type == BarLiveResource.class ? BarLiveResource.feed(uri) : DecisionLiveResource.feed(uri);
            from = position(request.getHeaderString("Last-Event-ID"), uri.getQueryParameters().getFirst("after"));
        } catch (RuntimeException e) {
            return Uni.createFrom().item(DatabaseFailures.toProblem(e).toResponse());
        }
        return service.start(feed, from)
                .map(start -> {
                    context.put(START, new Start(feed, start));
                    return (Response) null;
                })
                .onFailure().recoverWithItem(f -> DatabaseFailures.toProblem(f).toResponse());
    }

    /** The stream of a request the filter let through. */
    Multi<String> open(RoutingContext routing) {
        Start start = routing.get(START);
        HttpServerRequest request = routing.request();
        Context context = Vertx.currentContext();
        return Multi.createFrom().emitter(emitter -> {
            Context on = Vertx.currentContext() != null ? Vertx.currentContext() : context;
            hub.subscriber(start.feed(), start.after(), request, on).open(emitter);
        });
    }

    private static Position position(String lastEventId, String after) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            return Position.parse("Last-Event-ID", lastEventId);
        }
        if (after != null && !after.isBlank()) {
            return Position.parse("after", after);
        }
        return null;
    }
}
