package dev.tickvault.journal.trades;

import dev.tickvault.common.ApiDescription;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.ETags;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Page;
import dev.tickvault.journal.WithBar;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.common.Symbols;
import dev.tickvault.common.Timestamps;
import dev.tickvault.common.Uuids;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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

/**
 * Trades over HTTP (DESIGN 4): {@code /api/v1/trades}. Every read of one trade carries {@code ETag:
 * "<version>"}; {@code PATCH} needs it back in {@code If-Match}.
 */
@Path("/api/v1/trades")
public class TradeResource {

    /** JSON Merge Patch (RFC 7396), accepted by PATCH besides plain JSON. */
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final TradeService service;
    private final IdempotentWrite write;
    private final ObjectMapper mapper;

    public TradeResource(TradeService service, IdempotentWrite write, ObjectMapper mapper) {
        this.service = service;
        this.write = write;
        this.mapper = mapper;
    }

    /**
     * Opens a trade. Honours {@code Idempotency-Key}.
     *
     * @return 201 with the trade, {@code Location} and {@code ETag}; 400, 422
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "openTrade", summary = "Open a trade", extensions = @Extension(name = ApiDescription.IDEMPOTENT, value = "true"))
    @APIResponse(responseCode = "201", description = "The trade, opened", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TradeView.class)))
    public Uni<Response> open(@RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewTrade.class))}) byte[] body, @Context RoutingContext context) {
        IdempotentWrite.Request<TradeView> request = write.request(context, body, view -> write.reply(201, view,
                Map.of("Location", "/api/v1/trades/" + view.id(), "ETag", ETags.of(view.version()))));
        NewTrade trade = JsonBody.record(mapper, body, NewTrade::read, "the trade was not opened");
        return service.open(trade, request).map(Reply::toResponse);
    }

    /**
     * A page of trades: {@code {"data":[...],"nextCursor"}}, by entry time then id; with {@code withBar=<timeframe>}
     * each with the {@code "bar"} complete when it was entered.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listTrades", summary = "A page of trades")
    @APIResponse(responseCode = "200", description = "A page of trades", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TradePage.class)))
    public Uni<Page<?>> list(@RestQuery String status, @RestQuery String executionMode,
            @RestQuery String symbol, @RestQuery String from, @RestQuery String to, @RestQuery String order,
            @RestQuery String limit, @RestQuery String cursor, @RestQuery String withBar,
            @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        Instant start = Timestamps.queryParam("from", from);
        Instant end = Timestamps.queryParam("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw Problems.badRequest("Query parameter 'from' must not be after 'to'");
        }
        boolean descending = QueryParams.descending(order);
        return service.list(QueryParams.oneOf("status", status, Trade.Status.class),
                QueryParams.oneOf("executionMode", executionMode, Trade.ExecutionMode.class),
                symbol == null || symbol.isEmpty() ? null : Symbols.fromPath(symbol), start, end, descending,
                QueryParams.limit(limit), KeysetCursor.decode(cursor, KeysetCursor.Shape.TIME_UUID, descending),
                Lsn.fromMinHeader(minLsn), WithBar.timeframe(withBar));
    }

    /**
     * The performance record of closed trades: count, win rate, average win and loss, profit factor, maximum
     * drawdown and the equity curve per {@code interval} (default {@code 1d}), over exits in [from, to), for an
     * {@code executionMode}, a {@code strategy} (the trade's decision's) and a {@code symbol}, each optional.
     */
    @GET
    @Path("/performance")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getTradePerformance", summary = "The performance record of closed trades")
    public Uni<TradePerformance> performance(@RestQuery String executionMode, @RestQuery String strategy,
            @RestQuery String symbol, @RestQuery String from, @RestQuery String to, @RestQuery String interval,
            @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        Instant start = Timestamps.queryParam("from", from);
        Instant end = Timestamps.queryParam("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw Problems.badRequest("Query parameter 'from' must not be after 'to'");
        }
        return service.performance(QueryParams.oneOf("executionMode", executionMode, Trade.ExecutionMode.class),
                strategy == null || strategy.isEmpty() ? null : strategy,
                symbol == null || symbol.isEmpty() ? null : Symbols.fromPath(symbol), start, end,
                PerformanceInterval.parse(interval), Lsn.fromMinHeader(minLsn));
    }

    /** One trade with its {@code ETag}, or 404. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getTrade", summary = "One trade with its ETag")
    public Uni<RestResponse<TradeView>> byId(@RestPath String id) {
        UUID uuid = Uuids.fromPath("trade id", id);
        return service.byId(uuid).map(t -> withETag(t.orElseThrow(() -> Problems.notFound("No trade " + uuid))));
    }

    /**
     * Closes ({@code {"status":"CLOSED","exitPrice":..,"exitTime"?}}) or cancels ({@code {"status":"CANCELLED"}})
     * an open trade.
     *
     * @return 200 with the trade and its new {@code ETag}; 400, 404, 409 (already closed or cancelled), 412
     *     (stale If-Match), 422, 428 (no If-Match)
     */
    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeTrade", summary = "Close or cancel an open trade")
    @APIResponse(responseCode = "200", description = "The trade, changed, with its new ETag")
    @APIResponse(responseCode = "409", description = "The trade is already closed or cancelled.")
    @APIResponse(responseCode = "428", description = "If-Match is required: send the ETag of the trade as read.")
    public Uni<RestResponse<TradeView>> change(@RestPath String id, @Parameter(required = true) @RestHeader("If-Match") String ifMatch,
            @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TradeChange.class)), @Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = TradeChange.class))}) byte[] body) {
        UUID uuid = Uuids.fromPath("trade id", id);
        ETags.IfMatch precondition = ETags.parseIfMatch(ifMatch);
        TradeChange change = JsonBody.record(mapper, body, TradeChange::read, "the trade was not changed");
        return service.change(uuid, precondition, change)
                .map(t -> withETag(t.orElseThrow(() -> Problems.notFound("No trade " + uuid))));
    }

    private static RestResponse<TradeView> withETag(TradeView trade) {
        return RestResponse.ResponseBuilder.ok(trade).header("ETag", ETags.of(trade.version())).build();
    }
}
