package dev.tickvault.common;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

/**
 * Maps database and concurrency failures that reach a resource to RFC 9457 problems (see
 * {@link DatabaseFailures}); the problem-details extension maps everything else, Quarkus' own 404,
 * 405 and 415 included.
 */
public class ProblemMappers {

    /**
     * Quarkus' own errors (404 unknown path, 405, 406, 415, ...) as problems with {@code about:blank}, the
     * HTTP reason phrase as title and a detail naming the method, path or media type.
     */
    @ServerExceptionMapper(priority = 100)
    public Response webApplication(WebApplicationException e, HttpHeaders headers, UriInfo uri, Request request) {
        int status = e.getResponse().getStatus();
        String path = uri.getPath();
        String detail = switch (status) {
            case 404 -> "No resource at " + path;
            case 405 -> "Method " + request.getMethod() + " is not allowed on " + path;
            case 406 -> "None of the media types in Accept can be produced for " + path;
            case 415 -> "Content-Type " + headers.getHeaderString(HttpHeaders.CONTENT_TYPE) + " is not supported by "
                    + path;
            default -> e.getResponse().getStatusInfo().getReasonPhrase();
        };
        HttpProblem.Builder problem = HttpProblem.builder(Problems.status(status,
                e.getResponse().getStatusInfo().getReasonPhrase(), detail));
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            problem.withHeader(HttpHeaders.ALLOW, allow);
        }
        return problem.build().toResponse();
    }

    @ServerExceptionMapper(priority = 100)
    public Response notFound(NotFoundException e, HttpHeaders headers, UriInfo uri, Request request) {
        return webApplication(e, headers, uri, request);
    }

    @ServerExceptionMapper(priority = 100)
    public Response pg(PgException e) {
        return DatabaseFailures.toProblem(e).toResponse();
    }

    @ServerExceptionMapper(priority = 100)
    public Response vertx(VertxException e) {
        return DatabaseFailures.toProblem(e).toResponse();
    }

    @ServerExceptionMapper(priority = 100)
    public Response connect(ConnectException e) {
        return DatabaseFailures.toProblem(e).toResponse();
    }

    @ServerExceptionMapper(priority = 100)
    public Response composite(CompositeException e) {
        return DatabaseFailures.toProblem(e).toResponse();
    }

    @ServerExceptionMapper(priority = 100)
    public Response completion(CompletionException e) {
        return DatabaseFailures.toProblem(e).toResponse();
    }

    @ServerExceptionMapper(priority = 100)
    public Response noStack(io.vertx.core.impl.NoStackTraceThrowable e) {
        return DatabaseFailures.toProblem(e).toResponse();
    }

    /** Failures Hibernate Reactive raises around the driver's (constraint violations, stale versions). */
    @ServerExceptionMapper(priority = 100)
    public Response persistence(jakarta.persistence.PersistenceException e) {
        return DatabaseFailures.toProblem(e).toResponse();
    }
}
