package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The problem types tickvault answers with (RFC 9457 {@code application/problem+json}): the one registry
 * of types and titles. Every error is built here, whether the REST layer writes it ({@link ProblemMappers},
 * {@link DatabaseFailures}, the authentication filter) or a router-level handler does ({@link #json},
 * {@link RequestGuard}), so the wire shape is the same everywhere: {@code type}, {@code title},
 * {@code status}, {@code detail}, and {@code errors} for validation.
 */
public final class Problems {

    /** Generic status problems carry {@code about:blank}: the status code says it all (RFC 9457 4.2.1). */
    public static final URI ABOUT_BLANK = URI.create("about:blank");
    public static final URI MALFORMED = URI.create("urn:tickvault:problem:malformed-request");
    public static final URI INVALID = URI.create("urn:tickvault:problem:validation");
    public static final URI TOO_LARGE = URI.create("urn:tickvault:problem:payload-too-large");
    public static final URI NOT_FOUND = URI.create("urn:tickvault:problem:not-found");
    public static final URI UNAVAILABLE = URI.create("urn:tickvault:problem:database-unavailable");
    public static final URI OVERLOADED = URI.create("urn:tickvault:problem:overloaded");
    public static final URI CONFLICT = URI.create("urn:tickvault:problem:conflict");
    public static final URI PRECONDITION_FAILED = URI.create("urn:tickvault:problem:precondition-failed");
    public static final URI GONE = URI.create("urn:tickvault:problem:gone");
    public static final URI PRECONDITION_REQUIRED = URI.create("urn:tickvault:problem:precondition-required");
    public static final URI IDEMPOTENCY_KEY_REUSED = URI.create("urn:tickvault:problem:idempotency-key-reused");
    public static final URI UNAUTHORIZED = URI.create("urn:tickvault:problem:unauthorized");
    public static final URI FORBIDDEN = URI.create("urn:tickvault:problem:forbidden");
    public static final URI RATE_LIMITED = URI.create("urn:tickvault:problem:rate-limited");

    /** The most faults listed in one response (DESIGN 2). */
    public static final int MAX_FAULTS = 100;

    private Problems() {
    }

    /** 400: the request cannot be read (malformed body, bad query parameter, invalid path symbol). */
    public static HttpProblem badRequest(String detail) {
        return HttpProblem.builder().withType(MALFORMED).withTitle("Malformed request").withStatus(400)
                .withDetail(detail).build();
    }

    /** 400 with the faults that made the body unreadable. */
    public static HttpProblem badRequest(String detail, List<Fault> faults) {
        return HttpProblem.builder().withType(MALFORMED).withTitle("Malformed request").withStatus(400)
                .withDetail(detail).with("errors", cap(faults)).build();
    }

    /** 422: the request was read but breaks a rule; {@code faults} lists the first 100. */
    public static HttpProblem invalid(String detail, List<Fault> faults) {
        return HttpProblem.builder().withType(INVALID).withTitle("Validation failed").withStatus(422)
                .withDetail(detail).with("errors", cap(faults)).build();
    }

    /** 404 for a resource that does not exist. */
    public static HttpProblem notFound(String detail) {
        return HttpProblem.builder().withType(NOT_FOUND).withTitle("Not found").withStatus(404)
                .withDetail(detail).build();
    }

    /** 413: over a size or row limit. */
    public static HttpProblem tooLarge(String detail) {
        return HttpProblem.builder().withType(TOO_LARGE).withTitle("Payload too large").withStatus(413)
                .withDetail(detail).build();
    }

    /** 503 with {@code Retry-After}: the database cannot be reached right now. */
    public static HttpProblem unavailable(String detail) {
        return HttpProblem.builder().withType(UNAVAILABLE).withTitle("Database unavailable").withStatus(503)
                .withHeader("Retry-After", "5").withDetail(detail).build();
    }

    /** 503 with {@code Retry-After}: every connection is busy and the wait queue is full. */
    public static HttpProblem overloaded(String detail) {
        return HttpProblem.builder().withType(OVERLOADED).withTitle("Service overloaded").withStatus(503)
                .withHeader("Retry-After", "1").withDetail(detail).build();
    }

    /** 503 with {@code Retry-After}: this instance is shutting down; another one will answer. */
    public static HttpProblem shuttingDown() {
        return HttpProblem.builder().withType(UNAVAILABLE).withTitle("Service Unavailable").withStatus(503)
                .withHeader("Retry-After", "1")
                .withDetail("tickvault is shutting down; retry, another instance will answer").build();
    }

    /** 409: the request conflicts with the current state of a resource. */
    public static HttpProblem conflict(String detail) {
        return HttpProblem.builder().withType(CONFLICT).withTitle("Conflict").withStatus(409)
                .withDetail(detail).build();
    }

    /** 422 for a value PostgreSQL refused (a constraint or a data exception), said in the client's terms. */
    public static HttpProblem rejectedValue(String detail) {
        return HttpProblem.builder().withType(INVALID).withTitle("Validation failed").withStatus(422)
                .withDetail(detail).build();
    }

    /** 500 for a failure nobody expected; what happened is in the log, never on the wire. */
    public static HttpProblem internal() {
        return status(500, "Internal Server Error", "An unexpected error occurred; it has been logged");
    }

    /** 422 with a single fault at a JSON pointer. */
    public static HttpProblem invalid(String pointer, String field, String message) {
        return invalid(field + " " + message, List.of(Fault.at(pointer, field, message)));
    }

    /** 405 with the {@code Allow} header listing the methods the resource supports. */
    public static HttpProblem methodNotAllowed(String detail, String allow) {
        return HttpProblem.builder().withType(ABOUT_BLANK).withTitle("Method Not Allowed").withStatus(405)
                .withHeader("Allow", allow).withDetail(detail).build();
    }

    /** 412: the {@code If-Match} version is not the resource's current one (RFC 9110 13.1.1). */
    public static HttpProblem preconditionFailed(String detail) {
        return HttpProblem.builder().withType(PRECONDITION_FAILED).withTitle("Precondition failed").withStatus(412)
                .withDetail(detail).build();
    }

    /**
     * 410: what the request points at existed once and is gone for good, such as a live feed position older than
     * the replay window (RFC 9110 15.5.11).
     */
    public static HttpProblem gone(String detail) {
        return HttpProblem.builder().withType(GONE).withTitle("Gone").withStatus(410).withDetail(detail).build();
    }

    /** 428: the request must carry {@code If-Match} (RFC 6585 3) so that it cannot overwrite a newer version. */
    public static HttpProblem preconditionRequired(String detail) {
        return HttpProblem.builder().withType(PRECONDITION_REQUIRED).withTitle("Precondition required").withStatus(428)
                .withDetail(detail).build();
    }

    /** 422: an {@code Idempotency-Key} already used for another request (DESIGN 2). */
    public static HttpProblem idempotencyKeyReused(String detail) {
        return HttpProblem.builder().withType(IDEMPOTENCY_KEY_REUSED).withTitle("Idempotency key reused")
                .withStatus(422).withDetail(detail).build();
    }

    /**
     * A problem whose status says it all ({@code about:blank}, RFC 9457 4.2.1), titled with the HTTP reason
     * phrase: 405, 406, 408, 414, 415 and the like.
     */
    public static HttpProblem status(int status, String title, String detail) {
        return HttpProblem.builder().withType(ABOUT_BLANK).withTitle(title).withStatus(status).withDetail(detail)
                .build();
    }

    /** 401 with {@code WWW-Authenticate} (RFC 9110 11.6.1): no key, or one that is not valid now. */
    public static HttpProblem unauthorized(String detail) {
        return HttpProblem.builder().withType(UNAUTHORIZED).withTitle("Unauthorized").withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer realm=\"tickvault\"").withDetail(detail).build();
    }

    /** 403: the key is valid but lacks the scope the call needs. */
    public static HttpProblem forbidden(String detail) {
        return HttpProblem.builder().withType(FORBIDDEN).withTitle("Forbidden").withStatus(403).withDetail(detail)
                .build();
    }

    /** 429 with {@code Retry-After} in seconds (RFC 6585 4). */
    public static HttpProblem rateLimited(String detail, long retryAfterSeconds) {
        return HttpProblem.builder().withType(RATE_LIMITED).withTitle("Too Many Requests").withStatus(429)
                .withHeader("Retry-After", retryAfterSeconds).withDetail(detail).build();
    }

    /**
     * The {@code application/problem+json} body of a problem, for the answers written below the REST layer
     * (straight onto the Vert.x response), in the same shape the REST layer writes: {@code type} (left out
     * when {@code about:blank}), {@code status}, {@code title}, {@code detail}, {@code instance}.
     *
     * @param instance the request path the problem is about, or {@code null}
     */
    public static String json(HttpProblem problem, String instance) {
        JsonObject body = new JsonObject();
        if (problem.getType() != null && !ABOUT_BLANK.equals(problem.getType())) {
            body.put("type", problem.getType().toString());
        }
        body.put("status", problem.getStatusCode()).put("title", problem.getTitle());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        for (Map.Entry<String, Object> parameter : problem.getParameters().entrySet()) {
            body.put(parameter.getKey(), parameter.getValue());
        }
        return body.encode();
    }

    private static List<Fault> cap(List<Fault> faults) {
        return faults.size() <= MAX_FAULTS ? faults : List.copyOf(faults.subList(0, MAX_FAULTS));
    }
}
