package dev.tickvault.journal.predictions;

import dev.tickvault.common.ApiDescription;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Symbols;
import dev.tickvault.common.Timestamps;
import dev.tickvault.common.Uuids;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Predictions and outcomes over HTTP (DESIGN 4): {@code /api/v1/predictions}. */
@Path("/api/v1/predictions")
public class PredictionResource {

    private final PredictionService service;
    private final IdempotentWrite write;
    private final ObjectMapper mapper;

    public PredictionResource(PredictionService service, IdempotentWrite write, ObjectMapper mapper) {
        this.service = service;
        this.write = write;
        this.mapper = mapper;
    }

    /**
     * Records a prediction. Honours {@code Idempotency-Key}.
     *
     * @return 201 with the prediction (with {@code shouldTrade}) and {@code Location}; 400, 422
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordPrediction", summary = "Record a prediction", extensions = @Extension(name = ApiDescription.IDEMPOTENT, value = "true"))
    @APIResponse(responseCode = "201", description = "The prediction, with shouldTrade", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictionView.class)))
    public Uni<Response> record(@RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewPrediction.class))}) byte[] body, @Context RoutingContext context) {
        IdempotentWrite.Request<PredictionView> request = write.request(context, body,
                view -> write.reply(201, view, Map.of("Location", "/api/v1/predictions/" + view.id())));
        NewPrediction prediction = JsonBody.record(mapper, body, NewPrediction::read,
                "the prediction was not recorded");
        return service.record(prediction, request).map(Reply::toResponse);
    }

    /**
     * Accuracy of the predictions with an outcome: {@code {"count","pending","hits","directionalHitRate","mae",
     * "rmse",...}}, over {@code predictedAt} in [from, to).
     */
    @GET
    @Path("/accuracy")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getPredictionAccuracy", summary = "Accuracy of the predictions with an outcome")
    public Uni<Accuracy> accuracy(@RestQuery String model, @RestQuery String symbol, @RestQuery String from,
            @RestQuery String to, @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        Instant start = Timestamps.queryParam("from", from);
        Instant end = Timestamps.queryParam("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw Problems.badRequest("Query parameter 'from' must not be after 'to'");
        }
        return service.accuracy(model == null || model.isEmpty() ? null : model,
                symbol == null || symbol.isEmpty() ? null : Symbols.fromPath(symbol), start, end,
                Lsn.fromMinHeader(minLsn));
    }

    /** A prediction with its outcome, or 404. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getPrediction", summary = "A prediction with its outcome")
    public Uni<PredictionView> byId(@RestPath String id) {
        UUID uuid = Uuids.fromPath("prediction id", id);
        return service.byId(uuid).map(p -> p.orElseThrow(() -> Problems.notFound("No prediction " + uuid)));
    }

    /**
     * Records ({@code 201}) or replaces ({@code 200}) the outcome of a prediction:
     * {@code {"actualValue","observedAt"?}}.
     *
     * @return the prediction with its outcome; 400, 404, 422
     */
    @PUT
    @Path("/{id}/outcome")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordPredictionOutcome", summary = "Record or replace the outcome of a prediction")
    @APIResponse(responseCode = "200", description = "The outcome was replaced", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictionView.class)))
    @APIResponse(responseCode = "201", description = "The outcome was recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictionView.class)))
    public Uni<RestResponse<PredictionView>> outcome(@RestPath String id,
            @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictionService.NewOutcome.class))}) byte[] body) {
        UUID uuid = Uuids.fromPath("prediction id", id);
        PredictionService.NewOutcome outcome = JsonBody.record(mapper, body, PredictionService.NewOutcome::read,
                "the outcome was not recorded");
        return service.recordOutcome(uuid, outcome).map(r -> {
            PredictionService.Recorded recorded = r.orElseThrow(() -> Problems.notFound("No prediction " + uuid));
            return RestResponse.status(recorded.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                    recorded.prediction());
        });
    }
}
