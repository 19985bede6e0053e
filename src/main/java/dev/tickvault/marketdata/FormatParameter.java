package dev.tickvault.marketdata;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code format} query parameter of the bar reads ({@code GET /api/v1/bars} and {@code /api/v1/bars/{symbol}},
 * DESIGN 9), for clients that cannot set {@code Accept}: {@code format=arrow} reads as {@code Accept:
 * application/vnd.apache.arrow.stream}, and so on ({@link BarFormat}), before the request is matched to a
 * method, so content negotiation then picks the method as for the header. It replaces any {@code Accept} sent.
 */
public class FormatParameter {

    /** The streamed reads: a panel or a series, not {@code /latest} or a series' sub-resources. */
    private static final Pattern READS = Pattern.compile("/api/v1/bars(/[^/]+)?/?");

    /**
     * Sets {@code Accept} from {@code format} on a bar read that has one.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 for an unknown format
     */
    @ServerRequestFilter(preMatching = true)
    public void accept(ContainerRequestContext request, RoutingContext context) {
        if (!HttpMethod.GET.equals(request.getMethod()) && !HttpMethod.HEAD.equals(request.getMethod())) {
            return;
        }
        List<String> format = request.getUriInfo().getQueryParameters().get("format");
        if (format == null || format.isEmpty() || !READS.matcher(context.normalizedPath()).matches()) {
            return;
        }
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, BarFormat.fromQuery(format.get(0)).mediaType());
    }
}
