package dev.tickvault.marketdata.rollup;

import dev.tickvault.common.Listing;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.tickvault.common.Problems;
import dev.tickvault.marketdata.Timeframe;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;


/** The rollups (DESIGN 8), for administrators: {@code /api/v1/admin/rollups}. */
@Path("/api/v1/admin/rollups")
@Produces(MediaType.APPLICATION_JSON)
public class RollupResource {

    private final RollupService rollups;

    public RollupResource(RollupService rollups) {
        this.rollups = rollups;
    }

    /**
     * Every rollup with its state: {@code {"data":[{"source","bucket","watermark","lagSeconds","pendingBuckets",
     * "rows","lastRefreshAt","lastRefreshMillis","createdAt"}]}}.
     */
    @GET
    @Operation(operationId = "listRollups", summary = "Every rollup with its state")
    public Uni<Listing<RollupView>> list() {
        return rollups.list().map(Listing::new);
    }

    /** One rollup, or 404. */
    @GET
    @Path("/{source}/{bucket}")
    @Operation(operationId = "getRollup", summary = "One rollup")
    public Uni<RollupView> one(@RestPath String source, @RestPath String bucket) {
        Timeframe from = timeframe(source);
        Timeframe to = timeframe(bucket);
        return rollups.one(from, to).map(view -> view.orElseThrow(() -> notDeclared(from, to)));
    }

    /**
     * Declares the rollup (no body needed) and refreshes it at once: 201 when new, 200 when it was declared
     * already; 400 when the bucket is not wider than the source, 404 for an unknown timeframe.
     */
    @PUT
    @Path("/{source}/{bucket}")
    @Operation(operationId = "putRollup", summary = "Declare a rollup and refresh it at once")
    @APIResponse(responseCode = "200", description = "It was declared already", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RollupView.class)))
    @APIResponse(responseCode = "201", description = "Declared", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RollupView.class)))
    public Uni<RestResponse<RollupView>> put(@RestPath String source, @RestPath String bucket) {
        Timeframe from = timeframe(source);
        Timeframe to = timeframe(bucket);
        return rollups.put(from, to).map(declared -> declared.created()
                ? RestResponse.status(RestResponse.Status.CREATED, declared.rollup())
                : RestResponse.ok(declared.rollup()));
    }

    /** Removes the rollup and its buckets: 204, or 404 when not declared. */
    @DELETE
    @Path("/{source}/{bucket}")
    @Operation(operationId = "deleteRollup", summary = "Remove a rollup and its buckets")
    @APIResponse(responseCode = "204", description = "Removed")
    public Uni<RestResponse<Void>> delete(@RestPath String source, @RestPath String bucket) {
        Timeframe from = timeframe(source);
        Timeframe to = timeframe(bucket);
        return rollups.delete(from, to).map(deleted -> {
            if (!deleted) {
                throw notDeclared(from, to);
            }
            return RestResponse.noContent();
        });
    }

    private static RuntimeException notDeclared(Timeframe source, Timeframe bucket) {
        return Problems.notFound("No rollup of " + source.code() + " bars into " + bucket.code() + " buckets");
    }

    /** A timeframe named in the path; an unknown one names no resource (404). */
    private static Timeframe timeframe(String raw) {
        return Timeframe.of(raw).orElseThrow(() -> Problems.notFound("No timeframe '" + raw + "': expected one of "
                + Timeframe.codes()));
    }
}
