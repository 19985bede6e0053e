package dev.tickvault.common;

import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling: the id of the API key that authenticated the request, stored in the routing context
 * by the authentication filter. Features that keep per-caller state (idempotency keys, audit) read it
 * here, so they never depend on how authentication works.
 */
public final class Caller {

    /** Routing-context key under which the authentication filter stores the caller's key id. */
    public static final String KEY_ID = "tickvault.api-key-id";
    /** The id used when no key authenticated the request. */
    public static final String ANONYMOUS = "anonymous";

    private Caller() {
    }

    /** The caller's API key id, or {@link #ANONYMOUS}. */
    public static String id(RoutingContext context) {
        Object id = context == null ? null : context.get(KEY_ID);
        return id == null ? ANONYMOUS : id.toString();
    }
}
