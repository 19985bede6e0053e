package dev.tickvault.reference.news;

import dev.tickvault.common.ApiDescription;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Offload;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.QueryParams;
import dev.tickvault.common.RequestConfig;
import dev.tickvault.common.Symbols;
import dev.tickvault.common.Timestamps;
import dev.tickvault.common.Uuids;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.reference.ReferenceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** News articles over HTTP (DESIGN 10): {@code /api/v1/news}. */
@Path("/api/v1/news")
public class NewsResource {

    /** Longest search query accepted, in characters. */
    static final int MAX_QUERY = 1000;

    private final NewsService service;
    private final IdempotentWrite write;
    private final ObjectMapper mapper;
    private final int maxBatch;
    private final int workerThreshold;

    public NewsResource(NewsService service, IdempotentWrite write, ObjectMapper mapper, ReferenceConfig config,
            RequestConfig requests) {
        this.service = service;
        this.write = write;
        this.mapper = mapper;
        this.maxBatch = config.reference().maxBatch();
        this.workerThreshold = requests.ingest().workerParseThresholdBytes();
    }

    /**
     * Stores one article (a JSON object) or a batch (a JSON array, or NDJSON), by URL. Honours
     * {@code Idempotency-Key}.
     *
     * @return 200 {@code {"received","inserted","updated","unchanged"}}; 400, 413, 415, 422 (a rule broken, or a
     *     URL twice in the batch: nothing written)
     */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, JsonBody.NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "storeNews", summary = "Store an article or a batch, by URL", extensions = @Extension(name = ApiDescription.IDEMPOTENT, value = "true"))
    @APIResponse(responseCode = "200", description = "Stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewsWritten.class)))
    public Uni<Response> store(
            @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = NewArticle.class, description = "The articles; a single JSON object is read as a batch of one.")),
                    @Content(mediaType = JsonBody.NDJSON, schema = @Schema(type = SchemaType.STRING, description = "One NewArticle JSON object a line."))})
            byte[] body, @Context HttpHeaders headers, @Context RoutingContext context) {
        boolean ndjson = headers.getMediaType() != null
                && headers.getMediaType().isCompatible(MediaType.valueOf(JsonBody.NDJSON));
        IdempotentWrite.Request<NewsWritten> request = write.request(context, body,
                result -> write.reply(200, result, Map.of()));
        return Offload.when(body != null && body.length > workerThreshold, () -> NewArticle.readBatch(mapper, body, ndjson, maxBatch))
                .chain(articles -> service.store(articles, request)).map(Reply::toResponse);
    }

    /**
     * A page of articles: with {@code q} (websearch syntax), those matching it, best first, each with
     * {@code rank} and {@code snippet}; without, the newest first. {@code symbol} and [from, to) on
     * {@code publishedAt} filter either.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listNews", summary = "A page of articles, searched or newest first")
    public Uni<Page<ArticleView>> list(@RestQuery String q, @RestQuery String symbol, @RestQuery String from,
            @RestQuery String to, @RestQuery String limit, @RestQuery String cursor,
            @RestHeader(Lsn.MIN_HEADER) String minLsn) {
        Instant start = Timestamps.queryParam("from", from);
        Instant end = Timestamps.queryParam("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw Problems.badRequest("Query parameter 'from' must not be after 'to'");
        }
        String query = q == null || q.isBlank() ? null : q;
        if (query != null && query.length() > MAX_QUERY) {
            throw Problems.badRequest("Query parameter 'q' must be at most " + MAX_QUERY + " characters");
        }
        return service.list(query, symbol == null || symbol.isEmpty() ? null : Symbols.fromPath(symbol), start, end,
                QueryParams.limit(limit), cursor, Lsn.fromMinHeader(minLsn));
    }

    /** One article with its content, or 404. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getArticle", summary = "One article")
    public Uni<ArticleView> byId(@RestPath String id) {
        UUID uuid = Uuids.fromPath("article id", id);
        return service.byId(uuid).map(a -> a.orElseThrow(() -> Problems.notFound("No article " + uuid)));
    }
}
