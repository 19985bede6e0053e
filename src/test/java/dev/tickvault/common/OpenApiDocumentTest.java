package dev.tickvault.common;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /q/openapi} as a client generator reads it: parsed and validated by swagger-parser, then checked for
 * what makes a generated client usable (issue 17): no framework type in any schema, a security requirement,
 * a 4xx problem answer and a stable operationId on every {@code /api/v1} operation, and a schema for every
 * request body. The document is kept at {@code target/openapi-test.json} for reading.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class OpenApiDocumentTest {

    /**
     * Java and framework types that mean a schema was derived from a signature, not from a wire record; and Java's
     * value types, which are strings on the wire and would become classes of their own in a generated client.
     */
    private static final Pattern FRAMEWORK = Pattern.compile(
            "RoutingContext|HttpHeaders|HttpServerResponse|HttpServerRequest|JsonNode|ObjectNode|ArrayNode|Multi"
                    + "|Uni|Buffer|RestResponse|Response$|MultiMap|Optional|Publisher|Void"
                    + "|^(Instant|LocalDate|OffsetDateTime|UUID|Duration|URI)$");
    private static final Pattern OPERATION_ID = Pattern.compile("[a-z][A-Za-z0-9]+");

    private static String json;
    private static OpenAPI api;

    /** Once per class, but after Quarkus has set REST Assured's port (a static {@code @BeforeAll} runs before). */
    @BeforeEach
    void fetchAndParse() throws IOException {
        if (api != null) {
            return;
        }
        json = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "openapi-test.json"), json, StandardCharsets.UTF_8);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        List<String> messages = result.getMessages() == null ? List.of() : result.getMessages();
        assertEquals(List.of(), messages.subList(0, Math.min(20, messages.size())), "swagger-parser reports nothing");
        api = result.getOpenAPI();
        assertNotNull(api, "the document parses");
    }

    @Test
    void isOpenApi31() {
        assertTrue(api.getOpenapi().startsWith("3.1."), api.getOpenapi());
    }

    @Test
    void describesEveryTimeframe() {
        assertEquals(java.util.Arrays.stream(dev.tickvault.marketdata.Timeframe.values())
                .map(dev.tickvault.marketdata.Timeframe::code).toList(), ApiDescription.TIMEFRAMES);
        Schema<?> bar = api.getComponents().getSchemas().get("Bar");
        Schema<?> timeframe = (Schema<?>) bar.getProperties().get("timeframe");
        assertEquals(ApiDescription.TIMEFRAMES, List.copyOf(timeframe.getEnum()));
    }

    @Test
    void declaresBearerAndApiKeySchemes() {
        Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
        SecurityScheme bearer = schemes.get(ApiDescription.BEARER);
        assertEquals(SecurityScheme.Type.HTTP, bearer.getType());
        assertEquals("bearer", bearer.getScheme());
        SecurityScheme key = schemes.get(ApiDescription.API_KEY);
        assertEquals(SecurityScheme.Type.APIKEY, key.getType());
        assertEquals(SecurityScheme.In.HEADER, key.getIn());
        assertEquals("X-API-Key", key.getName());
    }

    @Test
    void servesSwaggerUiWhoseAuthorizeTakesAKey() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/html"));
        // Authorize offers what the document declares: both schemes, on every /api/v1 operation (tested below).
        assertEquals(Set.of(ApiDescription.BEARER, ApiDescription.API_KEY),
                api.getComponents().getSecuritySchemes().keySet());
    }

    @Test
    void namesNoFrameworkTypeInAnySchema() {
        List<String> found = new ArrayList<>();
        api.getComponents().getSchemas().keySet().stream().filter(name -> FRAMEWORK.matcher(name).find())
                .forEach(name -> found.add("component " + name));
        // Any reference or title anywhere in the document, also inline ones.
        java.util.regex.Matcher refs = Pattern.compile("\"(\\$ref|title)\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        while (refs.find()) {
            String target = refs.group(2).substring(refs.group(2).lastIndexOf('/') + 1);
            if (FRAMEWORK.matcher(target).find()) {
                found.add(refs.group(1) + " " + refs.group(2));
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void everyApiOperationIsSecuredAnswersProblemsAndTypesItsBody() {
        List<String> faults = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int operations = 0;
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().readOperationsMap().entrySet()) {
                String where = entry.getKey() + " " + path.getKey();
                Operation op = entry.getValue();
                if (op.getOperationId() == null || !OPERATION_ID.matcher(op.getOperationId()).matches()
                        || !ids.add(op.getOperationId())) {
                    faults.add(where + ": no unique camelCase operationId (" + op.getOperationId() + ")");
                }
                if (op.getTags() == null || op.getTags().isEmpty()) {
                    faults.add(where + ": no tag");
                }
                if (!path.getKey().startsWith("/api/v1")) {
                    continue;
                }
                operations++;
                if (op.getSecurity() == null || op.getSecurity().isEmpty()) {
                    faults.add(where + ": no security requirement");
                }
                if (op.getResponses().keySet().stream().noneMatch(code -> code.startsWith("4"))) {
                    faults.add(where + ": no 4xx answer");
                }
                for (Map.Entry<String, ApiResponse> response : op.getResponses().entrySet()) {
                    checkResponse(where + " " + response.getKey(), response.getKey(), response.getValue(), faults);
                }
                if (op.getRequestBody() != null) {
                    Content content = op.getRequestBody().getContent();
                    if (content == null || content.isEmpty()) {
                        faults.add(where + ": a request body without a media type");
                    } else {
                        content.forEach((type, media) -> checkMedia(where + " request " + type, type, media, faults));
                    }
                }
            }
        }
        assertTrue(operations > 40, "the API's operations are described: " + operations);
        assertEquals(List.of(), faults.subList(0, Math.min(40, faults.size())), faults.size() + " faults");
    }

    /**
     * Every property of every component schema says what it is (issue 17: field descriptions with units and
     * rules), so that a generated client documents each field. Checked on the document as served, not on the
     * parsed model, so that a description beside a {@code $ref} (OpenAPI 3.1) counts; inline objects and array
     * items are walked too. Nothing is allowed to go without: every component comes from a record of tickvault.
     */
    @Test
    void describesEveryPropertyOfEveryComponentSchema() throws IOException {
        com.fasterxml.jackson.databind.JsonNode schemas = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json).path("components").path("schemas");
        List<String> undescribed = new ArrayList<>();
        schemas.properties().forEach(component -> undescribedProperties(component.getKey(), component.getValue(),
                undescribed));
        assertTrue(schemas.size() > 50, "the components are described: " + schemas.size());
        assertEquals(List.of(), undescribed, undescribed.size() + " properties without a description");
    }

    private static void undescribedProperties(String where, com.fasterxml.jackson.databind.JsonNode schema,
            List<String> undescribed) {
        schema.path("properties").properties().forEach(property -> {
            String at = where + "." + property.getKey();
            com.fasterxml.jackson.databind.JsonNode value = property.getValue();
            if (!value.path("description").isTextual() || value.path("description").textValue().isBlank()) {
                undescribed.add(at);
            }
            undescribedProperties(at, value, undescribed);
            undescribedProperties(at + "[]", value.path("items"), undescribed);
        });
    }

    private static void checkResponse(String where, String code, ApiResponse response, List<String> faults) {
        if (code.startsWith("4") || code.startsWith("5")) {
            MediaType problem = response.getContent() == null ? null
                    : response.getContent().get(ApiDescription.PROBLEM_JSON);
            if (problem == null || problem.getSchema() == null
                    || !String.valueOf(problem.getSchema().get$ref()).endsWith("/ProblemDetail")) {
                faults.add(where + ": not an application/problem+json ProblemDetail");
            }
            return;
        }
        if (response.getContent() != null) {
            response.getContent().forEach((type, media) -> checkMedia(where + " " + type, type, media, faults));
        }
    }

    /**
     * A JSON body ({@code application/json}, {@code +json}) has an object, array or referenced schema; a text one
     * (CSV, and NDJSON, a stream of JSON texts rather than one) a string at least.
     */
    private static void checkMedia(String where, String type, MediaType media, List<String> faults) {
        Schema<?> schema = media.getSchema();
        if (schema == null) {
            faults.add(where + ": no schema");
            return;
        }
        boolean json = type.equals("application/json") || type.endsWith("+json");
        if (json && schema.get$ref() == null && schema.getType() == null
                && (schema.getTypes() == null || schema.getTypes().isEmpty()) && schema.getOneOf() == null
                && schema.getAnyOf() == null) {
            faults.add(where + ": an untyped JSON schema");
        }
        if (json && ("binary".equals(schema.getFormat()) || "byte".equals(schema.getFormat())
                || isString(schema))) {
            faults.add(where + ": a JSON body typed as a string or bytes");
        }
    }

    private static boolean isString(Schema<?> schema) {
        return "string".equals(schema.getType()) || (schema.getTypes() != null && schema.getTypes().equals(Set.of("string")));
    }
}
