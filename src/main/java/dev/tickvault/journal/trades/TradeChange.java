package dev.tickvault.journal.trades;

import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A close or a cancel (body of {@code PATCH /api/v1/trades/{id}}): {@code status} CLOSED with
 * {@code exitPrice} (> 0) and optional {@code exitTime} (default now), or CANCELLED with no exit. Without
 * {@code status}, a body with {@code exitPrice} closes the trade.
 */
@Schema(description = "A close (status CLOSED with exitPrice) or a cancel (status CANCELLED, no exit); without "
        + "status, a body with exitPrice closes the trade.")
public record TradeChange(
        @Schema(description = "The new status: CLOSED or CANCELLED (OPEN is refused: a trade cannot be reopened).",
                examples = "CLOSED") Trade.Status status,
        @Schema(description = "The exit price, an exact decimal, at most 8 decimal places (NUMERIC(20,8)), above 0; required to close, absent on a cancel.",
                minimum = "0", exclusiveMinimum = true, examples = "29.63") BigDecimal exitPrice,
        @Schema(description = "When the trade was closed, RFC 3339 in UTC; the time it is recorded when absent; "
                + "absent on a cancel.", examples = "2009-06-02T20:00:00Z") Instant exitTime) {

    /** Reads a change, adding a fault for each broken rule; {@code null} when any rule is broken. */
    public static TradeChange read(FieldReader in, Faults faults) {
        int before = faults.total();
        Trade.Status status = in.oneOf("status", Trade.Status.class, false);
        BigDecimal exitPrice = in.positive("exitPrice", false);
        Instant exitTime = in.timestamp("exitTime", false);
        if (faults.total() != before) {
            return null;
        }
        if (status == null) {
            if (exitPrice == null) {
                in.fault("status", "is required: CLOSED (with exitPrice) or CANCELLED");
                return null;
            }
            status = Trade.Status.CLOSED;
        }
        switch (status) {
            case OPEN -> in.fault("status", "must be CLOSED or CANCELLED: a trade cannot be reopened");
            case CLOSED -> {
                if (exitPrice == null) {
                    in.fault("exitPrice", "is required to close a trade");
                }
            }
            case CANCELLED -> {
                if (exitPrice != null) {
                    in.fault("exitPrice", "must be absent: a cancelled trade has no exit");
                }
                if (exitTime != null) {
                    in.fault("exitTime", "must be absent: a cancelled trade has no exit");
                }
            }
        }
        return faults.total() == before ? new TradeChange(status, exitPrice, exitTime) : null;
    }
}
