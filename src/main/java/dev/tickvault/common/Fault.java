package dev.tickvault.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One fault in a rejected request, as listed in a problem's {@code errors} array: where it is (a JSON
 * pointer, RFC 6901, for JSON bodies; a 1-based line number for NDJSON and CSV), the field, and what is
 * wrong with it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Fault(String pointer, Long line, String field, String message) {

    /** A fault in a JSON document at {@code pointer}. */
    public static Fault at(String pointer, String field, String message) {
        return new Fault(pointer, null, field, message);
    }

    /** A fault on a line of an NDJSON or CSV body. */
    public static Fault onLine(long line, String field, String message) {
        return new Fault(null, line, field, message);
    }
}
