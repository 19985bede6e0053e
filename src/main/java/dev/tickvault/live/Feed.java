package dev.tickvault.live;

import dev.tickvault.marketdata.Timeframe;

/**
 * One series of live events: the bars of a (symbol, timeframe) or the decisions of a (strategy, symbol). Its
 * {@link #topic()} is how notifications name it ({@code BarRepository}'s {@code bar|symbol|timeframe|seq},
 * {@code DecisionRepository}'s {@code decision|seq|symbol|strategy}).
 */
sealed interface Feed {

    /** The SSE event name of its records. */
    String event();

    /** The key notifications name it by. */
    String topic();

    /** The bars of a series. */
    record Bars(String symbol, Timeframe timeframe) implements Feed {
        @Override
        public String event() {
            return "bar";
        }

        @Override
        public String topic() {
            return "bar|" + symbol + "|" + timeframe.code();
        }
    }

    /** The decisions of a strategy on a symbol. */
    record Decisions(String strategy, String symbol) implements Feed {
        @Override
        public String event() {
            return "decision";
        }

        @Override
        public String topic() {
            return "decision|" + symbol + "|" + strategy;
        }
    }

    /** The topic and event number a notification payload names, or {@code null} for a payload of another kind. */
    record Notice(String topic, long seq) {
        static Notice parse(String payload) {
            try {
                if (payload.startsWith("bar|")) {
                    int last = payload.lastIndexOf('|');
                    return new Notice(payload.substring(0, last), Long.parseLong(payload.substring(last + 1)));
                }
                if (payload.startsWith("decision|")) {
                    int afterSeq = payload.indexOf('|', "decision|".length());
                    long seq = Long.parseLong(payload.substring("decision|".length(), afterSeq));
                    return new Notice("decision|" + payload.substring(afterSeq + 1), seq);
                }
            } catch (RuntimeException e) {
                return null;
            }
            return null;
        }
    }
}
