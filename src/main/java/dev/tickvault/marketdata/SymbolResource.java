package dev.tickvault.marketdata;

import dev.tickvault.common.Listing;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.tickvault.common.Lsn;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;


/** The series catalogue: {@code GET /api/v1/symbols}, answered from the summary table, not the bars. */
@Path("/api/v1/symbols")
public class SymbolResource {

    private final BarService service;

    public SymbolResource(BarService service) {
        this.service = service;
    }

    /** {@code {"data":[{"symbol","timeframes":[{"timeframe","firstTs","lastTs","barCount"}]}]}}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listSymbols", summary = "Every symbol with its series")
    public Uni<Listing<SeriesSummary>> list(@RestHeader(Lsn.MIN_HEADER) String minLsn) {
        return service.symbols(Lsn.fromMinHeader(minLsn)).map(Listing::new);
    }
}
