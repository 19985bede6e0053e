package dev.tickvault.auth;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Locale;
import java.util.Optional;

/**
 * What a key may do (DESIGN 6): {@code read} for GET, {@code write} for POST/PUT/PATCH/DELETE, and
 * {@code admin} for keys, audit, deletion of market data and database statistics. Scopes are
 * independent: a key holds exactly the scopes it was given.
 */
@Schema(type = SchemaType.STRING, enumeration = {"read", "write", "admin"})
public enum Scope {
    READ, WRITE, ADMIN;

    /** The wire name: {@code read}, {@code write}, {@code admin}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks a scope up by its wire name. */
    public static Optional<Scope> of(String code) {
        for (Scope scope : values()) {
            if (scope.code().equals(code)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    /**
     * The scope a call needs: {@code admin} under {@code /api/v1/admin/} and for {@code DELETE} of market
     * data, {@code read} for GET and HEAD and for the as-of lookup ({@code POST /api/v1/bars/asof}, a read whose
     * points travel in the body), {@code write} for every other method.
     */
    public static Scope required(String method, String path) {
        if (path.startsWith("/api/v1/admin/") || path.equals("/api/v1/admin")
                || ("DELETE".equals(method) && path.startsWith("/api/v1/bars/"))) {
            return ADMIN;
        }
        if ("POST".equals(method) && path.equals("/api/v1/bars/asof")) {
            return READ;
        }
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) ? READ : WRITE;
    }
}
