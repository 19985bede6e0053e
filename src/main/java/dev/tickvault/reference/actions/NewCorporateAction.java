package dev.tickvault.reference.actions;

import dev.tickvault.common.Symbols;
import dev.tickvault.common.Timestamps;
import dev.tickvault.common.ValueRules;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A corporate action as posted: {@code symbol}, {@code exDate} (a plain date, the first day the share trades
 * without it), {@code type}; a split's {@code ratio} (new shares per old share, above 0 and not 1) or a
 * dividend's {@code amount} (above 0, per share); an optional {@code note} (500 characters).
 */
@Schema(description = "A corporate action to record: a split with ratio and no amount, or a dividend with amount "
        + "and no ratio. Example: AAPL's 7-for-1 split of 2014-06-09.",
        requiredProperties = {"symbol", "exDate", "type"})
public record NewCorporateAction(
        @Schema(description = "Instrument symbol.", pattern = Symbols.PATTERN, examples = "AAPL") String symbol,
        @Schema(description = "The ex-date, a plain ISO date (yyyy-MM-dd): the first day the share trades without "
                + "it.", examples = "2014-06-09") LocalDate exDate,
        @Schema(description = "The kind of action.", examples = "split") ActionType type,
        @Schema(description = "A split's new shares per old share (2 for 2-for-1, 0.1 for 1-for-10), an exact decimal, at most 8 decimal places (NUMERIC(20,8)), above 0 "
                + "and not 1; required for a split, absent for a dividend.", minimum = "0", exclusiveMinimum = true,
                examples = "7") BigDecimal ratio,
        @Schema(description = "A dividend's cash per share in the price's currency, an exact decimal, at most 8 decimal places (NUMERIC(20,8)), above 0; required for a "
                + "dividend, absent for a split.", minimum = "0", exclusiveMinimum = true) BigDecimal amount,
        @Schema(description = "A note.", maxLength = 500, examples = "7-for-1 stock split") String note) {

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
