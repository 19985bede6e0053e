package dev.tickvault.auth;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.common.Caller;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.common.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * Key administration and the audit log (DESIGN 6), under {@code /api/v1/admin}; the authentication
 * filter admits only keys with the {@code admin} scope.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final Pattern KEY_ID = Pattern.compile("^[A-Za-z0-9]{8}$");
    private static final java.util.Set<String> EVENTS = java.util.Set.of("auth_failed", "forbidden", "rate_limited",
            "key_created", "key_revoked", "admin_call", "partition_dropped");

    private final ApiKeyService keys;
    private final AuditRepository audit;
    private final AuditLog auditLog;

    public AdminResource(ApiKeyService keys, AuditRepository audit, AuditLog auditLog) {
        this.keys = keys;
        this.audit = audit;
        this.auditLog = auditLog;
    }

    /**
     * Creates a key: 201 with the full {@code key}, shown this once.
     *
     * @return 201; 400 unreadable body; 422 invalid name, scopes, expiry or limit
     */
    @POST
    @Path("/api-keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createApiKey", summary = "Create an API key (the key is shown this once)")
    @APIResponse(responseCode = "201", description = "The key, with its secret", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiKeyView.class)))
    public Uni<RestResponse<ApiKeyView>> create(@RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewApiKey.class))}) JsonNode body,
            @Context RoutingContext context) {
        NewApiKey request = NewApiKey.from(body);
        return keys.create(request).map(view -> {
            auditLog.record("key_created", Caller.id(context), AuthFilters.clientAddress(context), "POST",
                    "/api/v1/admin/api-keys", 201, "created key " + view.id() + " (" + view.name() + ")");
            return RestResponse.status(RestResponse.Status.CREATED, view);
        });
    }

    /**
     * The keys, without secrets or hashes, a keyset page at a time (DESIGN 2):
     * {@code {"data":[...],"nextCursor"}} by {@code createdAt} then id, oldest first unless {@code order=desc};
     * {@code limit} 1-10,000 (default 100), {@code cursor} from the previous page of the same order.
     *
     * @return 200 with the page; 400 for a bad order, limit or cursor
     */
    @GET
    @Path("/api-keys")
    @Operation(operationId = "listApiKeys", summary = "A page of the keys, without secrets")
    public Uni<Page<ApiKeyView>> list(@RestQuery String order, @RestQuery String limit, @RestQuery String cursor) {
        boolean descending = QueryParams.descending(order);
        return keys.list(descending, QueryParams.limit(limit),
                KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME_TEXT, descending));
    }

    /** Revokes a key at once: 204, or 404 for an unknown id. */
    @DELETE
    @Path("/api-keys/{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke a key at once")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Uni<RestResponse<Void>> revoke(@RestPath String id, @Context RoutingContext context) {
        if (!KEY_ID.matcher(id).matches()) {
            throw Problems.notFound("No API key " + id);
        }
        return keys.revoke(id).map(revoked -> {
            if (revoked.isEmpty()) {
                throw Problems.notFound("No API key " + id);
            }
            auditLog.record("key_revoked", Caller.id(context), AuthFilters.clientAddress(context), "DELETE",
                    "/api/v1/admin/api-keys/" + id, 204, "revoked key " + id);
            return RestResponse.noContent();
        });
    }

    /**
     * Audit events, newest first (by id, which grows with time): {@code {"data":[...],"nextCursor"}}; filters
     * {@code event}, {@code keyId}, {@code from}, {@code to} ([from, to) on {@code occurredAt}, UTC),
     * {@code limit} (1-10,000, default 100), {@code cursor} ({@link KeysetCursor.Shape#NUMBER}, bound to
     * the descending order).
     *
     * @return 200 with the page; 400 for a bad filter, limit or cursor
     */
    @GET
    @Path("/audit")
    @Operation(operationId = "listAuditEvents", summary = "A page of audit events, newest first")
    public Uni<Page<AuditEvent>> audit(@RestQuery String event, @RestQuery String keyId, @RestQuery String from,
            @RestQuery String to, @RestQuery String limit, @RestQuery String cursor) {
        if (event != null && !event.isEmpty() && !EVENTS.contains(event)) {
            throw Problems.badRequest("Query parameter 'event' must be one of " + String.join(", ", EVENTS.stream().sorted().toList()));
        }
        Instant start = Timestamps.queryParam("from", from);
        Instant end = Timestamps.queryParam("to", to);
        int size = QueryParams.limit(limit);
        KeysetCursor after = KeysetCursor.decode(cursor, KeysetCursor.Shape.NUMBER, true);
        long before = after == null ? Long.MAX_VALUE : after.number();
        // Open bounds: the Vert.x client sends OffsetDateTime.MIN as PostgreSQL's earliest timestamp and MAX as
        // 'infinity', so no stored time falls outside them.
        OffsetDateTime lower = start == null ? OffsetDateTime.MIN : start.atOffset(ZoneOffset.UTC);
        OffsetDateTime upper = end == null ? OffsetDateTime.MAX : end.atOffset(ZoneOffset.UTC);
        // Events still queued in memory are written first, so an admin reads what just happened.
        return auditLog.flush().onFailure().recoverWithItem(0)
                .chain(() -> audit.page(emptyToNull(event), emptyToNull(keyId), lower, upper, before,
                        Page.fetchSize(size)))
                .map(events -> Page.of(events, size, last -> KeysetCursor.after(last.id(), true)));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
