package dev.tickvault.reference.news;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.ops.db.ReadRouting;
import dev.tickvault.ops.db.Reads;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The news rules of DESIGN 10: an article is identified by its URL, so posting it again is {@code unchanged}
 * (same values) or {@code updated}, never a second article; search is PostgreSQL full text, ranked, with a
 * snippet; without a query the newest articles come first.
 */
@ApplicationScoped
public class NewsService {

    /** Between a ranked cursor's rank and id, inside the cursor's text key. */
    private static final char RANK_SEPARATOR = '/';

    private final NewsRepository repository;
    private final IdempotentWrite write;
    private final ReadRouting routing;

    public NewsService(NewsRepository repository, IdempotentWrite write, ReadRouting routing) {
        this.repository = repository;
        this.write = write;
        this.routing = routing;
    }

    /** Stores validated articles (no URL twice) in one statement, under the request's key when it has one. */
    public Uni<Reply> store(List<NewArticle> articles, IdempotentWrite.Request<NewsWritten> request) {
        return write.run(request, () -> store(articles), tx -> repository.upsert(tx, articles).map(c -> counted(articles, c)));
    }

    /** Stores validated articles in one statement (the quick start's way in). */
    public Uni<NewsWritten> store(List<NewArticle> articles) {
        return repository.upsert(articles).map(counts -> counted(articles, counts));
    }

    private static NewsWritten counted(List<NewArticle> articles, NewsRepository.Counts counts) {
        return new NewsWritten(articles.size(), counts.inserted(), counts.updated(),
                articles.size() - counts.inserted() - counts.updated());
    }

    /** Whether any article is stored. */
    public Uni<Boolean> any() {
        return repository.any();
    }

    /** One article with its content. */
    public Uni<Optional<ArticleView>> byId(UUID id) {
        return repository.byId(id);
    }

    /**
     * A page of articles: with {@code query}, those matching it, best ranked first (cursor
     * {@link KeysetCursor.Shape#TIME_TEXT}: publication time, and rank and id as the key); without, the newest
     * first (cursor {@link KeysetCursor.Shape#TIME_UUID}). Read where {@link ReadRouting} sends a read that must
     * include {@code minLsn}.
     *
     * @param rawCursor the cursor as received; 400 when it belongs to the other kind of list
     */
    public Uni<Page<ArticleView>> list(String query, String symbol, Instant from, Instant to, int limit,
            String rawCursor, Lsn minLsn) {
        if (query == null) {
            KeysetCursor cursor = KeysetCursor.decode(rawCursor, KeysetCursor.Shape.TIME_UUID, true);
            return repository.latest(routing.reads(minLsn), symbol, from, to, cursor == null ? null : cursor.ts(),
                            cursor == null ? null : cursor.uuid(), Page.fetchSize(limit))
                    .map(rows -> Page.of(rows, limit, last -> KeysetCursor.after(last.publishedAt(), last.id(), true)));
        }
        KeysetCursor cursor = KeysetCursor.decode(rawCursor, KeysetCursor.Shape.TIME_TEXT, true);
        NewsRepository.Ranked after = cursor == null ? null : ranked(cursor);
        Reads on = routing.reads(minLsn);
        return repository.search(on, query, symbol, from, to, after, Page.fetchSize(limit))
                .map(rows -> Page.of(rows, limit, last -> KeysetCursor.after(last.publishedAt(),
                        Float.toString(last.rank()) + RANK_SEPARATOR + last.id(), true)));
    }

    /** The rank and id a search cursor carries in its key. */
    private static NewsRepository.Ranked ranked(KeysetCursor cursor) {
        String key = cursor.key();
        int separator = key.indexOf(RANK_SEPARATOR);
        try {
            if (separator > 0) {
                float rank = Float.parseFloat(key.substring(0, separator));
                UUID id = UUID.fromString(key.substring(separator + 1));
                if (Float.isFinite(rank) && key.equals(Float.toString(rank) + RANK_SEPARATOR + id)) {
                    return new NewsRepository.Ranked(rank, cursor.ts(), id);
                }
            }
        } catch (IllegalArgumentException e) {
            // NumberFormatException included: falls through to the problem below
        }
        throw Problems.badRequest("Query parameter 'cursor' is not a valid cursor for this list");
    }
}
