package dev.tickvault.reference.economic;

/** How often a series is observed: FRED's frequencies, spelled upper case on the wire. */
public enum Frequency {
    DAILY, WEEKLY, BIWEEKLY, MONTHLY, QUARTERLY, SEMIANNUAL, ANNUAL
}
