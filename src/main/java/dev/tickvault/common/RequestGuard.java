package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Set;

/**
 * The first handler every HTTP request meets, before authentication and before a resource is matched. It
 * refuses, with an RFC 9457 problem and without reading the body, what no resource may see:
 * <ul>
 *   <li>400 for a path not in normal form ({@link RequestPaths#fault}): empty segments ({@code //}), dot
 *       segments, plain or percent-encoded ({@code /q/../api}, {@code %2e%2e}), path parameters
 *       ({@code ;}), an encoded {@code /} or {@code \}, control characters, broken percent-encoding.
 *       Such a path would be matched to a resource after normalisation while every check before matching
 *       saw another string, so it is refused rather than guessed at (RFC 3986 6.2.2);</li>
 *   <li>400 for a query string with a control character, raw or percent-encoded ({@code %00});</li>
 *   <li>405 for a method tickvault serves nowhere (TRACE, CONNECT, WebDAV's, lower-case spellings: methods
 *       are case-sensitive, RFC 9110 9.1), on every path, so a method cannot probe which paths exist;</li>
 *   <li>413 for a declared {@code Content-Length} over {@code quarkus.http.limits.max-body-size};</li>
 *   <li>414 for a request target longer than {@code tickvault.http.max-uri-length} (RFC 9110 15.5.15);</li>
 *   <li>415 for a body without a usable {@code Content-Type}, or with a {@code Content-Encoding} other than
 *       {@code identity} (request bodies are read as sent, never decompressed; RFC 9110 15.5.16);</li>
 *   <li>408 and a closed connection for a body that is not complete within {@code tickvault.http.body-timeout}
 *       (short of its {@code Content-Length}, or a chunked body that stops; RFC 9110 15.5.9).</li>
 * </ul>
 * A body the REST layer refuses as too large on the way in (413 from the body limit) is answered as a
 * problem here too. Requests the HTTP decoder itself cannot parse (a NUL or control character in a header, a
 * {@code Content-Length} that is not a number, a request line over
 * {@code quarkus.http.limits.max-initial-line-length}) never reach a handler: the decoder answers them with
 * a bare status and closes the connection (README, "Requests refused before any handler").
 */
@Singleton
public class RequestGuard {

    /** Every method some tickvault endpoint serves. */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    private final long maxBodyBytes;
    private final int maxUriLength;
    private final long bodyTimeoutMillis;

    public RequestGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            RequestConfig config) {
        this.maxBodyBytes = maxBody.asLongValue();
        this.maxUriLength = config.http().maxUriLength();
        this.bodyTimeoutMillis = Math.max(1, config.http().bodyTimeout().toMillis());
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                refuse(ctx, tooLarge(), false);
            } else {
                ctx.next();
            }
        });
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String uri = request.uri();
        if (uri != null && uri.length() > maxUriLength) {
            refuse(ctx, Problems.status(414, "URI Too Long", "The request target is longer than " + maxUriLength
                    + " characters; send long symbol lists in several requests"), true);
            return;
        }
        String pathFault = RequestPaths.fault(request.path());
        if (pathFault != null) {
            refuse(ctx, Problems.badRequest("The request path is not in normal form: " + pathFault
                    + "; send the path as the API documents it"), true);
            return;
        }
        if (RequestPaths.hasControlCharacter(request.query())) {
            refuse(ctx, Problems.badRequest("A query parameter holds a control character"), false);
            return;
        }
        if (!METHODS.contains(request.method().name())) {
            refuse(ctx, HttpProblem.builder(Problems.status(405, "Method Not Allowed", "Method "
                    + printable(request.method().name()) + " is not served by tickvault"))
                    .withHeader("Allow", ALLOW).build(), true);
            return;
        }
        boolean hasBody = hasBody(request);
        if (hasBody) {
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                // Answered before the body is read; Vert.x discards the rest of the body and keeps the
                // connection usable (closing it would make many clients fail to read this answer).
                refuse(ctx, tooLarge(), false);
                return;
            }
            String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
            if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
                refuse(ctx, HttpProblem.builder(Problems.status(415, "Unsupported Media Type",
                        "Request bodies are read as sent: Content-Encoding " + printable(encoding.trim())
                                + " is not accepted; send the body uncompressed"))
                        .withHeader("Accept-Encoding", "identity").build(), false);
                return;
            }
            if (!isMediaType(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
                refuse(ctx, Problems.status(415, "Unsupported Media Type",
                        "A request body needs a Content-Type such as application/json"), false);
                return;
            }
            if (!bodyComplete(request)) {
                deadline(ctx);
            }
        }
        ctx.next();
    }

    /**
     * Answers 408 and closes the connection if the body is still incomplete at the deadline. A body that
     * arrived in time but whose request is still being served is left alone; the timer ends with the
     * response.
     */
    private void deadline(RoutingContext ctx) {
        long timer = ctx.vertx().setTimer(bodyTimeoutMillis, id -> {
            if (bodyComplete(ctx.request()) || ctx.response().ended()) {
                return;
            }
            if (!ctx.response().headWritten()) {
                refuse(ctx, Problems.status(408, "Request Timeout", "The request body was not complete within "
                        + bodyTimeoutMillis / 1000.0 + " s"), true);
            } else {
                ctx.request().connection().close();
            }
        });
        ctx.addEndHandler(ended -> ctx.vertx().cancelTimer(timer));
    }

    /**
     * Whether the whole body has arrived: as many bytes as {@code Content-Length} says, or, for a chunked body,
     * the last chunk ({@code isEnded}, which also waits for a handler that paused the request to read what it
     * holds, so a chunked body whose request is still being served counts as arrived only once read).
     */
    private static boolean bodyComplete(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return request.bytesRead() >= Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return request.isEnded();
            }
        }
        return request.isEnded();
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /** A {@code type/subtype} token pair, as RFC 9110 8.3.1 defines a media type (parameters may follow). */
    static boolean isMediaType(String header) {
        if (header == null) {
            return false;
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        int slash = type.indexOf('/');
        return slash > 0 && slash < type.length() - 1 && type.indexOf('/', slash + 1) < 0
                && type.chars().allMatch(c -> c == '/' || isTokenChar(c));
    }

    /** RFC 9110 5.6.2 {@code tchar}. */
    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private HttpProblem tooLarge() {
        return Problems.tooLarge("The request body is larger than the limit of " + maxBodyBytes + " bytes");
    }

    /** At most 40 printable ASCII characters of a client's text, for a problem's detail. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 40; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }

    /**
     * Writes the problem straight onto the Vert.x response. With {@code close}, the connection is closed
     * once the answer is sent: the request (or the rest of its body) will not be read, so nothing on the
     * connection after it can be trusted to start where a new request starts.
     */
    private static void refuse(RoutingContext ctx, HttpProblem problem, boolean close) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            ctx.request().connection().close();
            return;
        }
        response.setStatusCode(problem.getStatusCode())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json");
        problem.getHeaders().forEach((name, value) -> response.putHeader(name, String.valueOf(value)));
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        String instance = RequestPaths.fault(ctx.request().path()) == null ? ctx.request().path() : null;
        response.end(Problems.json(problem, instance)).onComplete(done -> {
            if (close) {
                ctx.request().connection().close();
            }
        });
    }
}
