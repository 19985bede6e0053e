package dev.tickvault.live;

import dev.tickvault.common.Problems;

import java.util.regex.Pattern;

/**
 * A place in a series' live feed: event {@code seq} (from 1, in commit order) and record {@code ord} in it (from 1;
 * 0 means the whole event). On the wire, an event's {@code id} is {@code seq-ord}; {@code seq} alone stands for
 * the whole event.
 */
record Position(long seq, int ord) implements Comparable<Position> {

    /** After every record of event {@code seq}. */
    static Position afterEvent(long seq) {
        return new Position(seq, Integer.MAX_VALUE);
    }

    private static final Pattern FORMAT = Pattern.compile("[0-9]{1,18}(-[0-9]{1,9})?");

    /**
     * Reads an event id ({@code Last-Event-ID} or {@code after}).
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is not {@code seq} or {@code seq-ord}
     */
    static Position parse(String name, String raw) {
        String text = raw.trim();
        if (!FORMAT.matcher(text).matches()) {
            throw Problems.badRequest("'" + name + "' is not an event id of this feed (seq or seq-ord): " + clip(text));
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            return afterEvent(Long.parseLong(text));
        }
        return new Position(Long.parseLong(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
    }

    private static String clip(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** Whether the whole of event {@code seq} is behind this position. */
    boolean completes(long event) {
        return seq > event || (seq == event && ord == Integer.MAX_VALUE);
    }

    /** The first event this position still needs (its own when part of it is left). */
    long nextEvent() {
        return ord == Integer.MAX_VALUE ? seq + 1 : seq;
    }

    /** The wire id: {@code seq-ord}, or {@code seq} for a whole event. */
    String id() {
        return ord == Integer.MAX_VALUE ? Long.toString(seq) : seq + "-" + ord;
    }

    @Override
    public int compareTo(Position other) {
        int bySeq = Long.compare(seq, other.seq);
        return bySeq != 0 ? bySeq : Integer.compare(ord, other.ord);
    }
}
