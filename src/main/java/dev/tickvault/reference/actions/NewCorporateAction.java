package dev.tickvault.reference.actions;

import dev.tickvault.common.Timestamps;
import dev.tickvault.common.ValueRules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A corporate action as posted: {@code symbol}, {@code exDate} (a plain date, the first day the share trades
 * without it), {@code type}; a split's {@code ratio} (new shares per old share, above 0 and not 1) or a
 * dividend's {@code amount} (above 0, per share); an optional {@code note} (500 characters).
 */
public record NewCorporateAction(String symbol, LocalDate exDate, ActionType type, BigDecimal ratio,
        BigDecimal amount, String note) {

    /** The identity of an action: one of each type per symbol and ex-date. */
    String key() {
        return symbol + ' ' + exDate + ' ' + type;
    }

    /** A plain ISO date, or {@code null} with a fault. */
    static LocalDate date(String text, String field, ValueRules.Reporter report) {
        Instant midnight = Timestamps.parseDate(text);
        if (midnight == null) {
            report.fault(field, "must be a date such as 2005-02-28");
            return null;
        }
        return LocalDate.ofInstant(midnight, ZoneOffset.UTC);
    }

    /** The type named by {@code text}, or {@code null} with a fault. */
    static ActionType type(String text, ValueRules.Reporter report) {
        ActionType type = ActionType.of(text).orElse(null);
        if (type == null) {
            report.fault("type", "must be split or dividend");
        }
        return type;
    }

    /**
     * The rules between fields, once each field was read on its own: a split has a ratio (not 1) and no
     * amount, a dividend an amount and no ratio.
     *
     * @param ratioGiven whether the body carried a ratio at all (valid or not); {@code amountGiven} likewise
     * @param fieldsValid whether every field passed its own rule
     * @return the action, or {@code null} when a rule is broken
     */
    static NewCorporateAction of(String symbol, LocalDate exDate, ActionType type, BigDecimal ratio, boolean ratioGiven,
            BigDecimal amount, boolean amountGiven, String note, boolean fieldsValid, ValueRules.Reporter report) {
        boolean valid = fieldsValid;
        if (type == ActionType.SPLIT) {
            if (!ratioGiven) {
                report.fault("ratio", "is required for a split: new shares per old share");
                valid = false;
            } else if (ratio != null && ratio.compareTo(BigDecimal.ONE) == 0) {
                report.fault("ratio", "must not be 1: such a split changes nothing");
                valid = false;
            }
            if (amountGiven) {
                report.fault("amount", "must be absent for a split");
                valid = false;
            }
        } else if (type == ActionType.DIVIDEND) {
            if (!amountGiven) {
                report.fault("amount", "is required for a dividend: the cash paid per share");
                valid = false;
            }
            if (ratioGiven) {
                report.fault("ratio", "must be absent for a dividend");
                valid = false;
            }
        }
        return valid ? new NewCorporateAction(symbol, exDate, type, ratio, amount, note) : null;
    }
}
