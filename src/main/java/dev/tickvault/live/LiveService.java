package dev.tickvault.live;

import dev.tickvault.common.FeedEvents;
import dev.tickvault.common.Problems;
import dev.tickvault.journal.decisions.DecisionService;
import dev.tickvault.marketdata.BarService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of the live feeds (DESIGN 11): where a stream starts, which positions can still be resumed, and
 * reading events through the services that own them (bars: {@link BarService}, decisions:
 * {@link DecisionService}).
 *
 * <p>Why a resumed stream has no gap and no duplicate: every write numbers its event per series from the series'
 * summary row, which it holds locked until commit (migration V40), so within a series the numbers grow in commit
 * order and are never reused. A reader that has sent everything up to number n and asks for "after n" can
 * therefore only meet events it has not sent, and can never later find a smaller number committed behind its
 * back; the position is the client's own {@code Last-Event-ID}, so which instance serves it, and whether
 * tickvault restarted in between, does not matter. A position is resumable while every event it still needs is
 * stored (the rest of its own, when it names a record in the middle of one, and all later ones) and every event
 * after its own was written within {@code tickvault.live.replay-window}; otherwise it is 410.
 */
@ApplicationScoped
public class LiveService {

    private final BarService bars;
    private final DecisionService decisions;
    private final LiveConfig config;

    public LiveService(BarService bars, DecisionService decisions, LiveConfig config) {
        this.bars = bars;
        this.decisions = decisions;
        this.config = config;
    }

    /**
     * The position a stream starts after: {@code after} when the feed can still replay everything past it, or the
     * feed's newest event when {@code after} is {@code null} (only what comes next is sent).
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 410 when events past {@code after} are no longer kept or
     *     older than the replay window, or {@code after} lies beyond the feed's newest event (a position of a
     *     series deleted and written anew)
     */
    Uni<Position> start(Feed feed, Position after) {
        long from = after == null ? Long.MAX_VALUE : after.nextEvent();
        return retention(feed, from, after == null ? Long.MAX_VALUE : after.seq()).map(kept -> {
            if (after == null) {
                return Position.afterEvent(kept.head());
            }
            if (after.seq() > kept.head()) {
                throw Problems.gone("Event " + after.id() + " is not one of this feed's (its newest is " + kept.head()
                        + "); reconnect without Last-Event-ID and read the gap with GET");
            }
            if (from > kept.head()) {
                return after;
            }
            if (kept.kept() != kept.head() - from + 1 || !kept.recent()) {
                throw Problems.gone("The events after " + after.id() + " are older than the replay window ("
                        + config.replayWindow() + ") or no longer kept; reconnect without Last-Event-ID and read "
                        + "the gap with GET");
            }
            return after;
        });
    }

    /** Up to {@code limit} records after {@code position}, oldest first. */
    Uni<FeedEvents.Page> after(Feed feed, Position position, int limit) {
        if (feed instanceof Feed.Bars b) {
            return bars.eventsAfter(b.symbol(), b.timeframe(), position.seq(), position.ord(), limit);
        }
        Feed.Decisions d = (Feed.Decisions) feed;
        return decisions.eventsAfter(d.strategy(), d.symbol(), position.seq(), position.ord(), limit);
    }

    /** {@link #after} for many bar feeds in one statement: a page per feed, in the order given. */
    Uni<List<FeedEvents.Page>> afterEach(List<Feed.Bars> feeds, List<Position> positions, int limit) {
        List<FeedEvents.From> from = new ArrayList<>(feeds.size());
        for (int i = 0; i < feeds.size(); i++) {
            Feed.Bars feed = feeds.get(i);
            Position position = positions.get(i);
            from.add(new FeedEvents.From(feed.symbol(), feed.timeframe().code(), position.seq(), position.ord()));
        }
        return bars.eventsAfterEach(from, limit);
    }

    /** The feed's newest event number (0 before any). */
    Uni<Long> head(Feed feed) {
        return retention(feed, Long.MAX_VALUE, Long.MAX_VALUE).map(FeedEvents.Retention::head);
    }

    private Uni<FeedEvents.Retention> retention(Feed feed, long from, long past) {
        if (feed instanceof Feed.Bars b) {
            return bars.eventRetention(b.symbol(), b.timeframe(), from, past, config.replayWindow());
        }
        Feed.Decisions d = (Feed.Decisions) feed;
        return decisions.eventRetention(d.strategy(), d.symbol(), from, past, config.replayWindow());
    }

    /** Deletes up to {@code limit} events of each kind older than the replay window; returns how many. */
    Uni<Integer> prune(int limit) {
        Instant before = Instant.now().minus(config.replayWindow());
        return bars.pruneEvents(before, limit).chain(b -> decisions.pruneEvents(before, limit).map(d -> b + d));
    }
}
