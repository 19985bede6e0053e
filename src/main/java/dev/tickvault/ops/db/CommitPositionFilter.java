package dev.tickvault.ops.db;

import dev.tickvault.common.Lsn;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Adds {@code Tickvault-Commit-LSN} to every successful write's answer (README "Scaling out"). Response filters
 * run once the resource's result is there, and every write's result comes after its commit, so the position read
 * now ({@link ReadRouting#commitPosition()}) is past the commit: a read that sends it back as
 * {@code Tickvault-Min-LSN} sees the write, on whichever server answers it. Added with or without replicas
 * configured, so that clients need not know how a deployment reads.
 */
public class CommitPositionFilter {

    private static final Uni<Void> PASS = Uni.createFrom().voidItem();

    private final ReadRouting routing;

    public CommitPositionFilter(ReadRouting routing) {
        this.routing = routing;
    }

    /**
     * Holds a successful {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE} answer until the position is
     * read; every other answer passes at once. An asynchronous filter ({@code Uni<Void>}), which RESTEasy Reactive
     * waits for: a void filter suspending the request context it was given let the answer go out before the
     * header was set.
     */
    @ServerResponseFilter
    public Uni<Void> commitPosition(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 200 || status >= 300 || !isWrite(request.getMethod())) {
            return PASS;
        }
        return routing.commitPosition().map(position -> {
            position.ifPresent(lsn -> response.getHeaders().putSingle(Lsn.COMMIT_HEADER, lsn.toString()));
            return null;
        });
    }

    private static boolean isWrite(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }
}
