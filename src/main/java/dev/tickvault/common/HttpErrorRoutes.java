package dev.tickvault.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Problem details for the errors Vert.x answers before a resource is reached: a body over
 * {@code quarkus.http.limits.max-body-size} (413) and other failures routed to the failure handlers.
 */
@Singleton
public class HttpErrorRoutes {

    private final long maxBodyBytes;

    public HttpErrorRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void register(@Observes Router router) {
        // A declared Content-Length over the limit is refused before a byte of the body is read.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                // Answered before the body is read; Vert.x discards the rest of the body and keeps the
                // connection usable (closing it would make many clients fail to read this answer).
                tooLarge(ctx.response());
            } else {
                ctx.next();
            }
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            int status = ctx.statusCode();
            if (status == 413 && !ctx.response().headWritten()) {
                tooLarge(ctx.response());
            } else {
                ctx.next();
            }
        });
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private io.vertx.core.Future<Void> tooLarge(HttpServerResponse response) {
        return response.setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end("{\"type\":\"" + Problems.TOO_LARGE + "\",\"title\":\"Payload too large\",\"status\":413,"
                        + "\"detail\":\"The request body is larger than the limit of " + maxBodyBytes + " bytes\"}");
    }
}
