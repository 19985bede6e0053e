package dev.tickvault.auth;

import dev.tickvault.common.Caller;
import dev.tickvault.common.DatabaseFailures;

import dev.tickvault.common.Problems;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Authentication, authorisation and rate limiting in front of every {@code /api/v1} call, before the
 * request is matched to a resource (so unknown paths need a key too). Keys come from
 * {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. Refusals are RFC 9457 problems
 * (401 with {@code WWW-Authenticate}, 403, 429 with {@code Retry-After}) and audit events; every
 * admin call is audited with its final status. {@code /q/health/*} and {@code /q/metrics} are not
 * REST resources and need no key.
 *
 * <p>Every decision is taken on the path the router matches: the normalised, decoded path
 * ({@code RoutingContext.normalizedPath()}), never the raw request line, and {@code RequestGuard} has
 * already refused every path whose normal form could differ from what it says ({@code //}, dot segments,
 * {@code ;}, encoded slashes). As a second line, every request that reaches a REST resource passes
 * {@link #authenticateMatched} after matching: a request the first check did not authenticate, whatever
 * its path looked like, is authenticated there or refused.
 */
public class AuthFilters {

    private static final String RATE = "tickvault.rate-limit";
    /** Routing-context key marking a request this filter has already decided on. */
    private static final String DECIDED = "tickvault.auth-decided";

    private final ApiKeyService keys;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final AuthConfig config;

    public AuthFilters(ApiKeyService keys, RateLimiter limiter, AuditLog audit, AuthConfig config) {
        this.keys = keys;
        this.limiter = limiter;
        this.audit = audit;
        this.config = config;
    }

    /** Admits a call under {@code /api/v1} (null) or answers it with a problem; other paths pass. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request, RoutingContext context) {
        String path = path(context);
        if (!(path.equals("/api/v1") || path.startsWith("/api/v1/"))) {
            return Uni.createFrom().nullItem();
        }
        return decide(request, context, path);
    }

    /**
     * The same check for every request matched to a REST resource that {@link #authenticate} let through
     * undecided: every tickvault resource is an {@code /api/v1} resource and needs a key, whatever form
     * the request line had.
     */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticateMatched(ContainerRequestContext request, RoutingContext context) {
        if (context.get(DECIDED) != null) {
            return Uni.createFrom().nullItem();
        }
        return decide(request, context, path(context));
    }

    /** The path the router matches: normalised (RFC 3986 5.2.4) and with unreserved characters decoded. */
    static String path(RoutingContext context) {
        String path = context.normalizedPath();
        return path == null ? "" : path;
    }

    private Uni<Response> decide(ContainerRequestContext request, RoutingContext context, String path) {
        context.put(DECIDED, Boolean.TRUE);
        String method = request.getMethod();
        String presented = presentedKey(request);
        if (presented == null) {
            return Uni.createFrom().item(refuse(context, method, path, new AuthFailure(401, null,
                    "An API key is required: Authorization: Bearer <key> or X-API-Key: <key>")));
        }
        return keys.authenticate(presented)
                .map(key -> {
                    Scope needed = Scope.required(method, path);
                    if (!key.scopes().contains(needed)) {
                        return refuse(context, method, path, new AuthFailure(403, key.id(),
                                "This key lacks the '" + needed.code() + "' scope"));
                    }
                    context.put(Caller.KEY_ID, key.id());
                    int limit = key.rateLimitPerMinute() != null ? key.rateLimitPerMinute()
                            : config.rateLimit().perMinute();
                    RateLimiter.Decision decision = limiter.check(key.id(), limit);
                    if (decision != null) {
                        context.put(RATE, decision);
                        if (!decision.allowed()) {
                            audit.record("rate_limited", key.id(), clientAddress(context), method, path, 429,
                                    "limit " + decision.limit() + "/min");
                            return rateLimited(decision);
                        }
                    }
                    return (Response) null;
                })
                .onFailure(AuthFailure.class).recoverWithItem(f -> refuse(context, method, path, (AuthFailure) f))
                .onFailure().recoverWithItem(f -> DatabaseFailures.toProblem(f).toResponse());
    }

    /** Adds the rate-limit headers and audits admin calls with their final status. */
    @ServerResponseFilter
    public void after(ContainerRequestContext request, ContainerResponseContext response, RoutingContext context) {
        RateLimiter.Decision decision = context.get(RATE);
        if (decision != null) {
            response.getHeaders().putSingle("RateLimit-Limit", decision.limit());
            response.getHeaders().putSingle("RateLimit-Remaining", decision.remaining());
            response.getHeaders().putSingle("RateLimit-Reset", decision.resetSeconds());
        }
        String path = path(context);
        String keyId = context.get(Caller.KEY_ID);
        if (keyId != null && path != null && path.startsWith("/api/v1/admin")) {
            audit.record("admin_call", keyId, clientAddress(context), request.getMethod(), path,
                    response.getStatus(), null);
        }
    }

    /** The caller's address as seen by this server (a proxy's, unless proxy forwarding is configured). */
    static String clientAddress(RoutingContext context) {
        if (context == null || context.request().remoteAddress() == null) {
            return null;
        }
        return context.request().remoteAddress().hostAddress();
    }

    private static String presentedKey(ContainerRequestContext request) {
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String header = request.getHeaderString("X-API-Key");
        return header == null || header.isBlank() ? null : header.trim();
    }

    private Response refuse(RoutingContext context, String method, String path, AuthFailure failure) {
        boolean forbidden = failure.status() == 403;
        audit.record(forbidden ? "forbidden" : "auth_failed", failure.keyId(), clientAddress(context), method, path,
                failure.status(), failure.getMessage());
        return (forbidden ? Problems.forbidden(failure.getMessage()) : Problems.unauthorized(failure.getMessage()))
                .toResponse();
    }

    private static Response rateLimited(RateLimiter.Decision decision) {
        return Problems.rateLimited("Rate limit of " + decision.limit() + " requests per minute reached; retry after "
                + decision.resetSeconds() + " s", decision.resetSeconds()).toResponse();
    }
}
