package dev.tickvault.live;

import dev.tickvault.common.DatabaseFailures;
import dev.tickvault.common.Problems;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Opens the live streams. The REST layer's Server-Sent Events writer sends the 200 head first and only then
 * subscribes to the stream, so everything that must hold before a client has its 200 happens earlier, in a request
 * filter on the two live resources: a bad event id is 400 and a position past the replay window 410, as problems,
 * before a byte of a stream; a good start makes the request's {@link Subscriber} and joins it to its feed's
 * topic, so a client that has the 200 and then writes a bar gets it (the subscriber holds what its topic hands
 * on until the stream opens). The stream then hands the response to the subscriber, which writes the frames
 * itself (ids, event names, heartbeat comments, which that writer cannot send alone); the stream the REST layer
 * holds emits nothing and completes when the subscriber ends, and the client going away cancels it. A request
 * that ends before its stream opens takes its subscriber out of the topic.
 */
public class LiveStreams {

    /** Routing-context key of the subscriber of a checked start. */
    private static final String SUBSCRIBER = "tickvault.live.subscriber";

    private final LiveHub hub;
    private final LiveService service;

    public LiveStreams(LiveHub hub, LiveService service) {
        this.hub = hub;
        this.service = service;
    }

    /**
     * For requests matched to a live resource: reads the feed (400 for bad parameters) and checks where its stream
     * starts ({@link LiveService#start}); answers with the problem, or lets the request through with its
     * subscriber joined to the feed's topic.
     */
    @ServerRequestFilter
    public Uni<Response> checkStart(ContainerRequestContext request, RoutingContext context,
            SimpleResourceInfo resource) {
        Class<?> type = resource.getResourceClass();
        if (type != BarLiveResource.class && type != DecisionLiveResource.class) {
            return Uni.createFrom().nullItem();
        }
        // The request's own context, where its subscriber runs (the start's query completes on the pool's).
        Context on = Vertx.currentContext() != null ? Vertx.currentContext() : context.vertx().getOrCreateContext();
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
                    Subscriber subscriber = hub.subscriber(feed, start, context.request(), on);
                    context.put(SUBSCRIBER, subscriber);
                    context.addEndHandler(ended -> subscriber.requestEnded());
                    hub.add(subscriber);
                    return (Response) null;
                })
                .onFailure().recoverWithItem(f -> DatabaseFailures.toProblem(f).toResponse());
    }

    /** The stream of a request the filter let through. */
    Multi<String> open(RoutingContext routing) {
        Subscriber subscriber = routing.get(SUBSCRIBER);
        return Multi.createFrom().<String>emitter(subscriber::open);
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
