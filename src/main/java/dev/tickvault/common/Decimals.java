package dev.tickvault.common;

import java.math.BigDecimal;

/** Decimal formatting shared by the wire models. */
public final class Decimals {

    private Decimals() {
    }

    /** {@code NUMERIC(20,8)} without the padding zeros: 2874.56005900 reads 2874.560059, 10.00000000 reads 10. */
    public static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
