package dev.tickvault.common;

import java.util.ArrayList;
import java.util.List;

/** Collects validation faults, keeping the first {@link Problems#MAX_FAULTS} and counting the rest. */
public final class Faults {

    private final List<Fault> kept = new ArrayList<>();
    private int total;

    /** Records a fault. */
    public void add(Fault fault) {
        total++;
        if (kept.size() < Problems.MAX_FAULTS) {
            kept.add(fault);
        }
    }

    /** Whether any fault was recorded. */
    public boolean any() {
        return total > 0;
    }

    /** How many faults were recorded, including those not kept. */
    public int total() {
        return total;
    }

    /** The first faults, at most {@link Problems#MAX_FAULTS}. */
    public List<Fault> list() {
        return List.copyOf(kept);
    }
}
