package dev.tickvault.marketdata.storage;

import dev.tickvault.common.Listing;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Caller;
import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.marketdata.Timeframe;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.Map;

/**
 * The partitions of the bars and their retention (DESIGN 8), for administrators: {@code /api/v1/admin/partitions}
 * and {@code /api/v1/admin/retention}.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class PartitionResource {

    private final PartitionService partitions;
    private final RetentionService retention;
    private final ObjectMapper mapper;

    public PartitionResource(PartitionService partitions, RetentionService retention, ObjectMapper mapper) {
        this.partitions = partitions;
        this.retention = retention;
        this.mapper = mapper;
    }

    /**
     * A page of the bars' partitions, by timeframe (1m first) then range start: {@code {"data":[{"timeframe","name",
     * "from","to","rowEstimate","sizeBytes"}],"nextCursor"}}.
     */
    @GET
    @Path("/partitions")
    @Operation(operationId = "listPartitions", summary = "A page of the bars' partitions")
    public Uni<Page<PartitionView>> partitions(@RestQuery String timeframe, @RestQuery String limit,
            @RestQuery String cursor) {
        Timeframe tf = timeframe == null || timeframe.isEmpty() ? null : Timeframe.fromQuery(timeframe);
        return partitions.list(tf, QueryParams.limit(limit),
                KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME_TEXT, false));
    }

    /** Every retention policy: {@code {"data":[{"timeframe","keep","updatedAt"}]}}. */
    @GET
    @Path("/retention")
    @Operation(operationId = "listRetentionPolicies", summary = "Every retention policy")
    public Uni<Listing<RetentionPolicy>> policies() {
        return retention.policies().map(Listing::new);
    }

    /** One timeframe's policy, or 404. */
    @GET
    @Path("/retention/{timeframe}")
    @Operation(operationId = "getRetentionPolicy", summary = "One timeframe's retention policy")
    public Uni<RetentionPolicy> policy(@RestPath String timeframe) {
        Timeframe tf = timeframe(timeframe);
        return retention.policy(tf).map(p -> p.orElseThrow(
                () -> Problems.notFound("No retention policy for " + tf.code() + " bars")));
    }

    /**
     * Sets a timeframe's policy {@code {"keep":"P2Y"}} and applies it within seconds.
     *
     * @return 200 with the policy; 400 unreadable, 404 unknown timeframe, 422 a bad {@code keep}
     */
    @PUT
    @Path("/retention/{timeframe}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putRetentionPolicy", summary = "Set a timeframe's retention policy")
    public Uni<RetentionPolicy> put(@RestPath String timeframe,
            @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RetentionChange.class))}) byte[] body) {
        Timeframe tf = timeframe(timeframe);
        String keep = JsonBody.record(mapper, body, PartitionResource::keep, "the policy was not set");
        return retention.put(tf, keep);
    }

    /** Removes a timeframe's policy: 204, or 404 when it had none. */
    @DELETE
    @Path("/retention/{timeframe}")
    @Operation(operationId = "deleteRetentionPolicy", summary = "Remove a timeframe's retention policy")
    @APIResponse(responseCode = "204", description = "Removed")
    public Uni<RestResponse<Void>> delete(@RestPath String timeframe) {
        Timeframe tf = timeframe(timeframe);
        return retention.delete(tf).map(deleted -> {
            if (!deleted) {
                throw Problems.notFound("No retention policy for " + tf.code() + " bars");
            }
            return RestResponse.noContent();
        });
    }

    /**
     * Runs retention now, over every policy or one {@code timeframe}'s: {@code {"dropped":[{"timeframe","name",
     * "from","to","bars"}]}}, empty when nothing is past its horizon (or a run is already under way).
     */
    @POST
    @Path("/retention/run")
    @Operation(operationId = "runRetention", summary = "Run retention now")
    @APIResponse(responseCode = "200", description = "The partitions dropped (none when nothing is past its horizon or a run is under way)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RetentionRun.class)))
    public Uni<Map<String, List<DroppedPartition>>> run(@RestQuery String timeframe, @Context RoutingContext context) {
        Timeframe tf = timeframe == null || timeframe.isEmpty() ? null : Timeframe.fromQuery(timeframe);
        return retention.run(tf, Caller.id(context)).map(dropped -> Map.of("dropped", dropped));
    }

    private static String keep(FieldReader in, Faults faults) {
        return in.text("keep", true, 64);
    }

    /** A timeframe named in the path; an unknown one names no resource (404). */
    private static Timeframe timeframe(String raw) {
        return Timeframe.of(raw).orElseThrow(() -> Problems.notFound("No timeframe '" + raw + "': expected one of "
                + Timeframe.codes()));
    }
}
