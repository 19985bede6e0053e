package dev.tickvault.ops.db;

import dev.tickvault.common.Lsn;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Adds {@code Tickvault-Commit-LSN} to every successful write's answer while read replicas are configured
 * (README "Scaling out"). Response filters run once the resource's result is there, and every write's result
 * comes after its commit, so the position read now ({@link ReadRouting#commitPosition()}) is past the commit:
 * a read that sends it back as {@code Tickvault-Min-LSN} sees the write. Without replicas nothing is read and
 * nothing added: the header is only needed where an answer can come from a server that is behind.
 */
public class CommitPositionFilter {

    private final ReadRouting routing;

    public CommitPositionFilter(ReadRouting routing) {
        this.routing = routing;
    }

    /**
     * Suspends a successful {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE} answer until the position
     * is read (a void filter that suspends on its own, so that every other answer passes without a step).
     */
    @ServerResponseFilter
    public void commitPosition(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 200 || status >= 300 || !routing.hasReplicas() || !isWrite(request.getMethod())
                || !(request instanceof ResteasyReactiveContainerRequestContext suspendable)) {
            return;
        }
        suspendable.suspend();
        routing.commitPosition().subscribe().with(position -> {
            position.ifPresent(lsn -> response.getHeaders().putSingle(Lsn.COMMIT_HEADER, lsn.toString()));
            suspendable.resume();
        }, suspendable::resume);
    }

    private static boolean isWrite(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }
}
