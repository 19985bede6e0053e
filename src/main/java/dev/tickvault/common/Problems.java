package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;

import java.net.URI;
import java.util.List;

/**
 * The problem types tickvault answers with (RFC 9457 {@code application/problem+json}). Every error
 * leaves through here or through {@link ProblemMappers}, so the wire shape is the same everywhere:
 * {@code type}, {@code title}, {@code status}, {@code detail}, and {@code errors} for validation.
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
    public static final URI PRECONDITION_REQUIRED = URI.create("urn:tickvault:problem:precondition-required");
    public static final URI IDEMPOTENCY_KEY_REUSED = URI.create("urn:tickvault:problem:idempotency-key-reused");

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

    /** 409: the request conflicts with the current state of a resource. */
    public static HttpProblem conflict(String detail) {
        return HttpProblem.builder().withType(CONFLICT).withTitle("Conflict").withStatus(409)
                .withDetail(detail).build();
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

    private static List<Fault> cap(List<Fault> faults) {
        return faults.size() <= MAX_FAULTS ? faults : List.copyOf(faults.subList(0, MAX_FAULTS));
    }
}
