package dev.tickvault.journal.trades;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A trade in {@code journal.trades}: opened, then closed (with its exit) or cancelled. {@link Version} is the
 * optimistic lock behind {@code ETag} / {@code If-Match}; Hibernate seeds it with 0 on insert and adds one per change.
 */
@Entity
@Table(schema = "journal", name = "trades")
public class Trade {

    /** Which way the trade was entered. */
    public enum Side {
        BUY, SELL
    }

    /** Where it was executed. */
    public enum ExecutionMode {
        SIMULATION, PAPER, LIVE
    }

    /** Its life cycle: OPEN, then CLOSED or CANCELLED, both final. */
    public enum Status {
        OPEN, CLOSED, CANCELLED
    }

    @Id
    public UUID id;

    public String symbol;

    @Enumerated(EnumType.STRING)
    public Side side;

    public BigDecimal quantity;

    @Column(name = "entry_price")
    public BigDecimal entryPrice;

    @Column(name = "entry_time")
    public Instant entryTime;

    @Enumerated(EnumType.STRING)
    @Column(name = "execution_mode")
    public ExecutionMode executionMode;

    public String broker;

    @Column(name = "broker_order_id")
    public String brokerOrderId;

    @Column(name = "decision_id")
    public UUID decisionId;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "exit_price")
    public BigDecimal exitPrice;

    @Column(name = "exit_time")
    public Instant exitTime;

    @Version
    public Long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * Realised profit or loss in the quote currency, exact: {@code (exit - entry) * quantity} for a BUY,
     * {@code (entry - exit) * quantity} for a SELL; {@code null} unless the trade is closed.
     */
    public BigDecimal realisedPnl() {
        if (status != Status.CLOSED || exitPrice == null) {
            return null;
        }
        BigDecimal move = side == Side.BUY ? exitPrice.subtract(entryPrice) : entryPrice.subtract(exitPrice);
        return move.multiply(quantity);
    }
}
