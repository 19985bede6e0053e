package dev.tickvault.common;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The wire shape of every error answer (RFC 9457 {@code application/problem+json}), for the API description
 * only: {@link Problems} builds the bodies, this record says what they hold. {@code type} is left out for
 * {@code about:blank}; {@code errors} comes with 400 and 422 answers that list faults (at most
 * {@value Problems#MAX_FAULTS}).
 */
@Schema(name = "ProblemDetail", description = "An RFC 9457 problem: every 4xx and 5xx answer has this body, "
        + "as application/problem+json.")
public record ProblemDetail(
        @Schema(description = "The problem type, a URN naming the kind of failure; absent when it is about:blank "
                + "(the status says it all, RFC 9457 4.2.1).", format = "uri",
                examples = "urn:tickvault:problem:validation")
        String type,
        @Schema(description = "A short summary of the problem type.", required = true,
                examples = "Validation failed")
        String title,
        @Schema(description = "The HTTP status code.", required = true, minimum = "400", maximum = "599",
                examples = "422")
        int status,
        @Schema(description = "What went wrong with this request, in the client's terms.",
                examples = "1 of 1 decision(s) broke a rule")
        String detail,
        @Schema(description = "The request path the problem is about.", examples = "/api/v1/decisions")
        String instance,
        @Schema(description = "The faults of a rejected body or query, at most 100 (400 and 422 only).")
        List<ProblemFault> errors) {

    /** One entry of {@code errors}: where a fault is and what is wrong (the wire form of {@link Fault}). */
    @Schema(name = "ProblemFault", description = "One fault of a rejected request: a JSON pointer (RFC 6901) "
            + "into a JSON body, or a 1-based line of an NDJSON or CSV body; the field; what is wrong.")
    public record ProblemFault(
            @Schema(description = "JSON pointer (RFC 6901) of the faulty value in a JSON body.",
                    examples = "/confidence")
            String pointer,
            @Schema(description = "1-based line of the faulty row in an NDJSON or CSV body.", minimum = "1",
                    examples = "2")
            Long line,
            @Schema(description = "The field's name.", examples = "confidence")
            String field,
            @Schema(description = "What is wrong with the value.", required = true,
                    examples = "must be between 0 and 1")
            String message) {
    }
}
