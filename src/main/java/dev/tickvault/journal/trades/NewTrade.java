package dev.tickvault.journal.trades;

import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A trade as opened (DESIGN 4), after validation: {@code symbol}, {@code side}, {@code quantity} and
 * {@code entryPrice} (> 0) and {@code executionMode} required; {@code entryTime} defaults to now.
 */
public record NewTrade(String symbol, Trade.Side side, BigDecimal quantity, BigDecimal entryPrice, Instant entryTime,
        Trade.ExecutionMode executionMode, String broker, String brokerOrderId, UUID decisionId) {

    /** Reads a trade, adding a fault for each broken rule; {@code null} when any rule is broken. */
    public static NewTrade read(FieldReader in, Faults faults) {
        int before = faults.total();
        NewTrade trade = new NewTrade(in.symbol("symbol"), in.oneOf("side", Trade.Side.class, true),
                in.positive("quantity", true), in.positive("entryPrice", true), in.timestamp("entryTime", false),
                in.oneOf("executionMode", Trade.ExecutionMode.class, true), in.text("broker", false, 64),
                in.text("brokerOrderId", false, 128), uuid(in, "decisionId"));
        return faults.total() == before ? trade : null;
    }

    static UUID uuid(FieldReader in, String field) {
        String text = in.text(field, false, 36);
        if (text == null) {
            return null;
        }
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the fault below
        }
        in.fault(field, "must be a UUID");
        return null;
    }
}
