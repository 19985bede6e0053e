package dev.tickvault.agents.cache;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Identifiers;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.agents.AgentsConfig;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The decision cache over HTTP (DESIGN 5): {@code /api/v1/cache/{namespace}/{key}}. The body of {@code PUT}
 * is the value, any JSON; {@code GET} returns it as stored. The key may contain slashes.
 */
@Path("/api/v1/cache/{namespace}/{key: .+}")
public class CacheResource {

    /** Longest key, in characters (the CHECK in V4). */
    static final int MAX_KEY = 512;

    private final CacheService service;
    private final ObjectMapper mapper;
    private final int defaultTtlSeconds;
    private final int maxTtlSeconds;

    public CacheResource(CacheService service, ObjectMapper mapper, AgentsConfig config) {
        this.service = service;
        this.mapper = mapper;
        this.defaultTtlSeconds = (int) Math.min(Integer.MAX_VALUE, config.cache().defaultTtl().toSeconds());
        this.maxTtlSeconds = (int) Math.min(Integer.MAX_VALUE, config.cache().maxTtl().toSeconds());
    }

    /**
     * Stores a value for {@code ttlSeconds} (1 to {@code tickvault.cache.max-ttl}, default
     * {@code tickvault.cache.default-ttl}).
     *
     * @return 201 new or 200 replaced, with {@code {"namespace","key","storedAt","expiresAt"}}; 400
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putCacheEntry", summary = "Store a value for a time")
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CacheEntry.class)))
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CacheEntry.class)))
    public Uni<RestResponse<CacheEntry>> put(@RestPath String namespace, @RestPath String key,
            @Parameter(description = "Seconds to keep the value, 1 to tickvault.cache.max-ttl (default tickvault.cache.default-ttl).", schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
            @RestQuery String ttlSeconds,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class, description = "The value, a JSON document (stored exactly as sent)."))) byte[] body) {
        String ns = Identifiers.fromPath("namespace", namespace);
        String k = key(key);
        int ttl = QueryParams.integer("ttlSeconds", ttlSeconds, 1, maxTtlSeconds, defaultTtlSeconds);
        return service.put(ns, k, JsonBody.document(mapper, body, false), ttl).map(written -> RestResponse.status(
                written.inserted() ? RestResponse.Status.CREATED : RestResponse.Status.OK, written.entry()));
    }

    /** The value as stored, with {@code Expires}; 404 when missing or expired. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCacheEntry", summary = "The value as stored")
    @APIResponse(responseCode = "200", description = "The value, with Expires (RFC 9110 5.6.7) when it lapses", headers = @org.eclipse.microprofile.openapi.annotations.headers.Header(name = "Expires", description = "When the entry expires, an HTTP date.", schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class, description = "The value as it was stored.")))
    public Uni<RestResponse<String>> get(@RestPath String namespace, @RestPath String key) {
        String ns = Identifiers.fromPath("namespace", namespace);
        String k = key(key);
        return service.get(ns, k).map(found -> {
            CacheRepository.Value value = found.orElseThrow(
                    () -> Problems.notFound("No live cache entry " + ns + "/" + k));
            return RestResponse.ResponseBuilder.ok(value.json())
                    .header("Expires", DateTimeFormatter.RFC_1123_DATE_TIME.format(value.expiresAt().atOffset(ZoneOffset.UTC)))
                    .build();
        });
    }

    /** Deletes an entry: 204, or 404 when there was no live one. */
    @DELETE
    @Operation(operationId = "deleteCacheEntry", summary = "Delete an entry")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<RestResponse<Void>> delete(@RestPath String namespace, @RestPath String key) {
        String ns = Identifiers.fromPath("namespace", namespace);
        String k = key(key);
        return service.delete(ns, k).map(deleted -> {
            if (!deleted) {
                throw Problems.notFound("No live cache entry " + ns + "/" + k);
            }
            return RestResponse.noContent();
        });
    }

    private static String key(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_KEY) {
            throw Problems.badRequest("A cache key must be 1 to " + MAX_KEY + " characters");
        }
        return raw;
    }
}
