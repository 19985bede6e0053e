package dev.tickvault.common;

import dev.tickvault.auth.Scope;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What every {@code /api/v1} operation of the API description ({@code /q/openapi}) shares, added in one place
 * at build time so that no resource repeats it: the two security schemes (bearer and {@code X-API-Key}, as
 * {@code auth.AuthFilters} accepts them) required on every operation with the scope {@link Scope#required}
 * gives it; the feature tag from the path; the problem answers every call can get (401, 403, 429, 503, and
 * 400, 404, 413, 415, 422 where the operation has parameters, a path variable or a body), each an
 * {@code application/problem+json} {@link ProblemDetail}; the {@code RateLimit-*}, {@code Retry-After},
 * {@code Location} and {@code ETag} headers; {@code Idempotency-Key} on the operations marked
 * {@link #IDEMPOTENT}.
 *
 * <p>What a new operation needs itself (OpenApiDocumentTest fails without it): an explicit
 * {@code @Operation(operationId = ..., summary = ...)}; for a body read as bytes or a tree, an
 * {@code @RequestBody} naming the wire record; an {@code @APIResponse} with the answer's schema when the
 * method returns {@code Response}, {@code RestResponse<String>}, a {@code Map} or {@code Page<?>}; the statuses
 * peculiar to it (409, 412, 428...) as {@code @APIResponse(responseCode = ..., description = ...)} without
 * content (this filter adds the problem body); framework parameters ({@code RoutingContext},
 * {@code HttpHeaders}) marked {@code @Parameter(hidden = true)}; and {@code @Extension(name = IDEMPOTENT,
 * value = "true")} when it honours {@code Idempotency-Key}.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ApiDescription implements OASFilter {

    /** The bearer security scheme: {@code Authorization: Bearer <key>}. */
    public static final String BEARER = "bearer";
    /** The API key security scheme: {@code X-API-Key: <key>}. */
    public static final String API_KEY = "apiKey";
    /** The media type of every error answer (RFC 9457 3). */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** Operation extension: the operation honours {@code Idempotency-Key} (replaced by the header parameter). */
    public static final String IDEMPOTENT = "x-tickvault-idempotent";
    /** Operation extension written by this filter: the key scope the operation needs. */
    public static final String SCOPE = "x-tickvault-scope";

    private static final String API = "/api/v1";
    private static final String PROBLEM_REF = "#/components/schemas/ProblemDetail";

    /** Feature tags by the first path segment under /api/v1, with their descriptions. */
    private static final Map<String, String> FEATURE_OF = Map.ofEntries(
            Map.entry("bars", "market-data"), Map.entry("symbols", "market-data"),
            Map.entry("decisions", "journal"), Map.entry("trades", "journal"), Map.entry("predictions", "journal"),
            Map.entry("economic", "reference"), Map.entry("events", "reference"), Map.entry("news", "reference"),
            Map.entry("corporate-actions", "reference"),
            Map.entry("agents", "agents"), Map.entry("commands", "agents"), Map.entry("cache", "agents"),
            Map.entry("risk", "agents"),
            Map.entry("admin", "admin"));
    private static final Map<String, String> FEATURES = orderedMap(
            "market-data", "OHLCV bars: batch ingest, pages, streams (NDJSON, CSV), latest, resampling, as-of, gaps.",
            "reference", "Reference data: economic series with vintages, the event calendar, news, corporate actions.",
            "journal", "The trading journal: decisions (append-only), trades with their performance, predictions.",
            "agents", "Agent support: command queues with leases, agent state, the decision cache, circuit-breaker "
                    + "events.",
            "admin", "Administration (scope admin): API keys, audit log, partitions and retention, rollups, "
                    + "database statistics.");

    /** Components SmallRye makes of Java value types that are plain strings on the wire. */
    private static final Set<String> SCALARS = Set.of("Instant", "LocalDate", "OffsetDateTime",
            "UUID", "Duration", "URI");

    /** The timeframes' wire names (DESIGN 2; {@code marketdata.Timeframe}, OpenApiDocumentTest keeps them equal). */
    static final List<Object> TIMEFRAMES = List.of("1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w");

    /** Descriptions of the problem answers this filter adds. */
    private static final Map<String, String> PROBLEMS = orderedMap(
            "400", "The request cannot be read: a malformed body or a bad query parameter, header or path value.",
            "401", "No API key, or one that is unknown, revoked or expired (WWW-Authenticate: Bearer).",
            "403", "The key is valid but lacks the scope this call needs.",
            "404", "The resource does not exist.",
            "409", "The request conflicts with the resource's current state.",
            "412", "If-Match names a version that is not the current one.",
            "413", "The body is over the size or row limit.",
            "415", "The body's Content-Type is not one this operation reads.",
            "422", "The body was read but breaks a rule (errors lists the faults), or the Idempotency-Key was "
                    + "used for another request; nothing was written.",
            "428", "The request must carry If-Match.",
            "429", "The key's rate limit is used up; retry after Retry-After seconds.",
            "503", "The database is unreachable or every connection is busy, or the instance is shutting down; "
                    + "retry after Retry-After seconds.");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.setComponents(api.getComponents() == null ? OASFactory.createComponents() : api.getComponents());
        declareSchemes(api.getComponents());
        declareHeadersAndParameters(api.getComponents());
        FEATURES.forEach((name, description) -> {
            if (api.getTags() == null || api.getTags().stream().noneMatch(t -> name.equals(t.getName()))) {
                api.addTag(OASFactory.createTag().name(name).description(description));
            }
        });
        if (api.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : new TreeMap<>(api.getPaths().getPathItems()).entrySet()) {
            if (!path.getKey().startsWith(API + "/")) {
                continue;
            }
            boolean versioned = path.getValue().getOperations().values().stream()
                    .anyMatch(ApiDescription::takesIfMatch);
            path.getValue().getOperations().forEach((method, operation) ->
                    describe(path.getKey(), method, operation, versioned));
        }
        inlineScalars(api);
        // The problem extension's own schemas: every error answer is a ProblemDetail instead.
        if (api.getComponents().getSchemas() != null) {
            List.of("HttpProblem", "HttpValidationProblem", "Violation").forEach(api.getComponents()::removeSchema);
        }
        // Only the feature tags remain: a tag named after a class would split a feature in a generated client.
        if (api.getTags() != null) {
            List<Tag> kept = api.getTags().stream().filter(t -> FEATURES.containsKey(t.getName())).toList();
            api.setTags(new ArrayList<>(kept));
        }
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation, boolean versioned) {
        String segment = path.substring(API.length() + 1).split("/", 2)[0];
        operation.setTags(new ArrayList<>(List.of(FEATURE_OF.getOrDefault(segment, segment))));

        Scope scope = Scope.required(method.name(), path);
        operation.addExtension(SCOPE, scope.code());
        String needs = "Needs a key with scope `" + scope.code() + "`.";
        operation.setDescription(operation.getDescription() == null ? needs : operation.getDescription() + "\n\n"
                + needs);
        operation.setSecurity(new ArrayList<>(List.of(
                OASFactory.createSecurityRequirement().addScheme(BEARER),
                OASFactory.createSecurityRequirement().addScheme(API_KEY))));

        if (operation.getParameters() != null) {
            operation.getParameters().forEach(ApiDescription::describeParameter);
        }
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses()
                : operation.getResponses();
        operation.setResponses(responses);
        if (operation.getExtensions() != null && operation.getExtensions().containsKey(IDEMPOTENT)) {
            operation.removeExtension(IDEMPOTENT);
            operation.addParameter(OASFactory.createParameter().ref("IdempotencyKey"));
            if (!responses.hasAPIResponse("409")) {
                responses.addAPIResponse("409", OASFactory.createAPIResponse()
                        .description("A request with this Idempotency-Key is still being processed; retry shortly."));
            }
        }
        boolean body = operation.getRequestBody() != null;
        boolean parameters = body || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (parameters) {
            addProblem(responses, "400");
        }
        addProblem(responses, "401");
        addProblem(responses, "403");
        if (path.contains("{")) {
            addProblem(responses, "404");
        }
        if (body) {
            addProblem(responses, "413");
            addProblem(responses, "415");
            addProblem(responses, "422");
        }
        if (takesIfMatch(operation)) {
            addProblem(responses, "412");
        }
        addProblem(responses, "429");
        addProblem(responses, "503");

        for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
            String code = entry.getKey();
            APIResponse response = entry.getValue();
            if (response.getRef() != null) {
                continue;
            }
            if (code.startsWith("4") || code.startsWith("5")) {
                if (response.getDescription() == null || response.getDescription().isBlank()) {
                    response.setDescription(PROBLEMS.getOrDefault(code, "A problem."));
                }
                response.setContent(OASFactory.createContent().addMediaType(PROBLEM_JSON,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
            }
            if (code.startsWith("2") || code.equals("429")) {
                response.addHeader("RateLimit-Limit", header("RateLimit-Limit"));
                response.addHeader("RateLimit-Remaining", header("RateLimit-Remaining"));
                response.addHeader("RateLimit-Reset", header("RateLimit-Reset"));
            }
            if (code.equals("429") || code.equals("503")) {
                response.addHeader("Retry-After", header("Retry-After"));
            }
            if (code.equals("201")) {
                response.addHeader("Location", header("Location"));
            }
            if (code.startsWith("2") && versioned && (method == PathItem.HttpMethod.GET || takesIfMatch(operation))) {
                response.addHeader("ETag", header("ETag"));
            }
        }
    }

    /**
     * The parameters every feature shares get one description and one schema here, from the rules that read them
     * ({@link QueryParams}, {@link Timestamps}, {@link Symbols}, {@link KeysetCursor}, {@link Lsn}); a parameter
     * described at its resource keeps its own words.
     */
    private static void describeParameter(Parameter parameter) {
        if (parameter.getRef() != null || parameter.getName() == null) {
            return;
        }
        Parameter.In in = parameter.getIn();
        String name = parameter.getName();
        String description = null;
        Schema schema = null;
        if (in == Parameter.In.QUERY && name.equals("limit")) {
            description = "Page size in rows.";
            schema = OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                    .minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(QueryParams.MAX_LIMIT))
                    .defaultValue(QueryParams.DEFAULT_LIMIT);
        } else if (in == Parameter.In.QUERY && name.equals("cursor")) {
            description = "The opaque nextCursor of the previous page, with the same filters and order.";
        } else if (in == Parameter.In.QUERY && name.equals("order")) {
            description = "Sort order by time.";
            schema = OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                    .enumeration(List.of("asc", "desc")).defaultValue("asc");
        } else if (in == Parameter.In.QUERY && (name.equals("from") || name.equals("to") || name.equals("asOf"))) {
            description = name.equals("from") ? "Start of the range, inclusive: an RFC 3339 timestamp (UTC)."
                    : name.equals("to") ? "End of the range, exclusive: an RFC 3339 timestamp (UTC)."
                    : "The point in time to read as of: an RFC 3339 timestamp (UTC).";
            schema = OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("date-time")
                    .examples(List.of("2008-01-01T00:00:00Z"));
        } else if (name.equals("symbol") && (in == Parameter.In.PATH || in == Parameter.In.QUERY)) {
            description = "An instrument symbol: 1 to 32 characters of A-Z a-z 0-9 . _ : ^ = -, starting with a "
                    + "letter, digit or ^; case-insensitive (stored upper-cased).";
            schema = OASFactory.createSchema().addType(Schema.SchemaType.STRING).pattern(Symbols.PATTERN)
                    .examples(List.of("^GSPC"));
        } else if (in == Parameter.In.QUERY && name.equals("timeframe")) {
            description = "The bar timeframe.";
            schema = OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(TIMEFRAMES)
                    .examples(List.of("1d"));
        } else if (in == Parameter.In.HEADER && name.equals(Lsn.MIN_HEADER)) {
            description = "A WAL position (as a write's Tickvault-Commit-LSN header gave it, e.g. 0/16B3748): the answer then "
                    + "includes every write up to it, read from a replica only once it has replayed that far.";
            schema = OASFactory.createSchema().addType(Schema.SchemaType.STRING).pattern("^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$");
        } else if (in == Parameter.In.QUERY && name.equals("withBar")) {
            description = "A timeframe: each record then carries \"bar\", the newest bar of that timeframe complete "
                    + "at the record's time (null when there is none).";
            schema = OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(TIMEFRAMES);
        } else if (in == Parameter.In.HEADER && name.equals("If-Match")) {
            description = "The ETag of the version to change, `\"<version>\"` (RFC 9110 13.1.1).";
        }
        // A parameter its resource described keeps its own description and schema (a day instead of a timestamp).
        if (description == null || (parameter.getDescription() != null && !parameter.getDescription().isBlank())) {
            return;
        }
        parameter.setDescription(description);
        if (schema != null) {
            parameter.setSchema(schema);
        }
    }

    /**
     * Java's value types ({@code Instant}, {@code LocalDate}, {@code UUID}...) are strings on the wire: each use gets
     * their type and format inline instead of a reference to a component of their Java name, which a client
     * generator would turn into a class of its own ({@code ModelLocalDate}).
     */
    private static void inlineScalars(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        Map<String, Schema> scalars = new LinkedHashMap<>();
        schemas.forEach((name, schema) -> {
            if (SCALARS.contains(name) && schema.getRef() == null && schema.getProperties() == null) {
                scalars.put("#/components/schemas/" + name, schema);
            }
        });
        if (scalars.isEmpty()) {
            return;
        }
        Consumer<Schema> inline = new Consumer<>() {
            @Override
            public void accept(Schema schema) {
                if (schema == null) {
                    return;
                }
                Schema scalar = schema.getRef() == null ? null : scalars.get(schema.getRef());
                if (scalar != null) {
                    schema.setRef(null);
                    schema.setType(scalar.getType());
                    if (schema.getFormat() == null) {
                        schema.setFormat(scalar.getFormat());
                    }
                    if (schema.getPattern() == null) {
                        schema.setPattern(scalar.getPattern());
                    }
                }
                if (schema.getProperties() != null) {
                    schema.getProperties().values().forEach(this);
                }
                accept(schema.getItems());
                if (schema.getAdditionalPropertiesSchema() != null) {
                    accept(schema.getAdditionalPropertiesSchema());
                }
                Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())
                        .filter(Objects::nonNull).forEach(list -> list.forEach(this));
            }
        };
        schemas.values().forEach(inline);
        if (api.getPaths() != null) {
            api.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
                if (op.getParameters() != null) {
                    op.getParameters().forEach(p -> inline.accept(p.getSchema()));
                }
                if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                    op.getRequestBody().getContent().getMediaTypes().values().forEach(m -> inline.accept(m.getSchema()));
                }
                if (op.getResponses() != null) {
                    op.getResponses().getAPIResponses().values().forEach(r -> {
                        if (r.getContent() != null) {
                            r.getContent().getMediaTypes().values().forEach(m -> inline.accept(m.getSchema()));
                        }
                    });
                }
            }));
        }
        scalars.keySet().forEach(ref -> api.getComponents().removeSchema(ref.substring(ref.lastIndexOf('/') + 1)));
    }

    private static boolean takesIfMatch(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()) && p.getIn() == Parameter.In.HEADER);
    }

    private static void addProblem(APIResponses responses, String code) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(PROBLEMS.get(code)));
        }
    }

    private static Header header(String name) {
        return OASFactory.createHeader().ref(name);
    }

    private static void declareSchemes(Components components) {
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("tv_<id>_<secret>")
                .description("An API key as a bearer token: `Authorization: Bearer <key>`."));
        components.addSecurityScheme(API_KEY, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("X-API-Key")
                .description("An API key in its own header: `X-API-Key: <key>`."));
    }

    private static void declareHeadersAndParameters(Components components) {
        Schema integer = OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(BigDecimal.ZERO);
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        components.addHeader("RateLimit-Limit", OASFactory.createHeader().schema(integer)
                .description("Requests the key may make in the current window."));
        components.addHeader("RateLimit-Remaining", OASFactory.createHeader().schema(integer)
                .description("Requests left in the current window."));
        components.addHeader("RateLimit-Reset", OASFactory.createHeader().schema(integer)
                .description("Seconds until the window resets."));
        components.addHeader("Retry-After", OASFactory.createHeader().schema(integer)
                .description("Seconds to wait before retrying (RFC 9110 10.2.3)."));
        components.addHeader("Location", OASFactory.createHeader().schema(text)
                .description("The path of the created resource."));
        components.addHeader("ETag", OASFactory.createHeader().schema(text)
                .description("The resource's version as a strong entity tag, `\"<version>\"`; send it back in "
                        + "If-Match to change the resource only at that version (RFC 9110 8.8.3)."));
        components.addParameter("IdempotencyKey", OASFactory.createParameter().name("Idempotency-Key")
                .in(Parameter.In.HEADER).required(false)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).minLength(1).maxLength(255))
                .description("Makes the write safe to retry: a retry with the same key, body and query gets the "
                        + "first answer again and writes nothing; the same key with another request is a 422."));
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
