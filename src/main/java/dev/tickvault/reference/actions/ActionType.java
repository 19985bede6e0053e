package dev.tickvault.reference.actions;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** The kinds of corporate action that adjust prices: on the wire {@code split} and {@code dividend}. */
public enum ActionType {
    /** A stock split; its {@code ratio} is new shares per old share (2 for 2-for-1, 0.1 for 1-for-10). */
    SPLIT,
    /** A cash dividend; its {@code amount} is paid per share, in the price's currency. */
    DIVIDEND;

    /** The wire and database name, lower case. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code text} in any case; empty for another word. */
    public static Optional<ActionType> of(String text) {
        for (ActionType type : values()) {
            if (type.code().equalsIgnoreCase(text)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
