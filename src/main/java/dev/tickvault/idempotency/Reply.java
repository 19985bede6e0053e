package dev.tickvault.idempotency;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * The answer to a creating request, as sent and, under an idempotency key, as stored for replays: the
 * status, the JSON body, and the headers that belong to it ({@code Location}, {@code ETag}, ...).
 */
public record Reply(int status, String body, Map<String, String> headers) {

    /** The JAX-RS response, for the resource to return. */
    public Response toResponse() {
        Response.ResponseBuilder builder = Response.status(status).entity(body).type(MediaType.APPLICATION_JSON);
        headers.forEach(builder::header);
        return builder.build();
    }
}
