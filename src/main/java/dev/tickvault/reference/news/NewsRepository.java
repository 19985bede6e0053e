package dev.tickvault.reference.news;

import dev.tickvault.common.Uuids;
import io.smallrye.mutiny.Uni;
import dev.tickvault.ops.db.Reads;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL of the news articles (DESIGN 10) through the reactive {@link Pool}: a set-based upsert by URL
 * ({@code unnest} arrays, rewriting only articles whose values differ), PostgreSQL full-text search
 * ({@code websearch_to_tsquery} against the generated {@code search} tsvector, GIN index; ranked by
 * {@code ts_rank}; {@code ts_headline} for the snippet of the page's rows only), and the newest articles
 * without a query. Both lists are keyset pages whose sort key ends with the id, so they stay stable.
 */
@ApplicationScoped
public class NewsRepository {

    private static final String LIST_COLUMNS = "a.id, a.url, a.title, a.published_at, a.source, a.author,"
            + " a.description, a.symbols, a.recorded_at, a.updated_at";

    /** {@code xmax = 0} marks a row this statement inserted (PostgreSQL system columns, chapter 5.6). */
    private static final String UPSERT = """
            WITH input AS (
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[],
                                     $7::text[], $8::text[], $9::text[])
                    AS t(id, url, title, published_at, source, author, description, content, symbols)
            ), upserted AS (
                INSERT INTO ref.news_articles AS a (id, url, title, published_at, source, author, description, content,
                                                    symbols)
                SELECT id, url, title, published_at, source, author, description, content, string_to_array(symbols, ',')
                  FROM input ORDER BY url
                ON CONFLICT (url) DO UPDATE
                   SET title = EXCLUDED.title, published_at = EXCLUDED.published_at, source = EXCLUDED.source,
                       author = EXCLUDED.author, description = EXCLUDED.description, content = EXCLUDED.content,
                       symbols = EXCLUDED.symbols, updated_at = now()
                 WHERE (a.title, a.published_at, a.source, a.author, a.description, a.content, a.symbols)
                       IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.published_at, EXCLUDED.source, EXCLUDED.author,
                                         EXCLUDED.description, EXCLUDED.content, EXCLUDED.symbols)
                RETURNING (a.xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
              FROM upserted
            """;

    /**
     * The articles matching the query $1 (websearch syntax: words, "phrases", OR, -exclusions), optionally of
     * symbol $2 and published in [$3, $4), ranked by {@code ts_rank} descending, then newest, then id; after
     * the cursor ($5 rank, $6 publishedAt, $7 id), $8 rows. The rank is recomputed the same way on every page,
     * so the cursor's row comparison holds. The snippet is built for those rows only.
     */
    private static final String SEARCH = """
            WITH q AS (SELECT websearch_to_tsquery('english', $1) AS query),
            hits AS (
                SELECT a.id, a.published_at, ts_rank(a.search, q.query) AS rank
                  FROM ref.news_articles a, q
                 WHERE a.search @@ q.query
                   AND ($2::text IS NULL OR a.symbols @> ARRAY[$2::text])
                   AND a.published_at >= coalesce($3::timestamptz, '-infinity')
                   AND a.published_at < coalesce($4::timestamptz, 'infinity')
                   AND ($5::real IS NULL OR (ts_rank(a.search, q.query), a.published_at, a.id) < ($5::real, $6, $7))
                 ORDER BY rank DESC, a.published_at DESC, a.id DESC
                 LIMIT $8)
            SELECT %s, h.rank,
                   ts_headline('english', coalesce(nullif(concat_ws(' ', a.description, a.content), ''), a.title),
                               q.query, 'MaxWords=35, MinWords=15, MaxFragments=2') AS snippet
              FROM hits h JOIN ref.news_articles a ON a.id = h.id CROSS JOIN q
             ORDER BY h.rank DESC, h.published_at DESC, h.id DESC
            """.formatted(LIST_COLUMNS);

    /** Newest first: optionally of symbol $1, published in [$2, $3), after the cursor ($4, $5), $6 rows. */
    private static final String LATEST = """
            SELECT %s FROM ref.news_articles a
             WHERE ($1::text IS NULL OR a.symbols @> ARRAY[$1::text])
               AND a.published_at >= coalesce($2::timestamptz, '-infinity')
               AND a.published_at < coalesce($3::timestamptz, 'infinity')
               AND ($4::timestamptz IS NULL OR (a.published_at, a.id) < ($4, $5))
             ORDER BY a.published_at DESC, a.id DESC
             LIMIT $6
            """.formatted(LIST_COLUMNS);

    private static final String ONE = "SELECT " + LIST_COLUMNS + ", a.content FROM ref.news_articles a WHERE a.id = $1";
    private static final String ANY = "SELECT EXISTS (SELECT 1 FROM ref.news_articles) AS any";

    private final Pool pool;

    public NewsRepository(Pool pool) {
        this.pool = pool;
    }

    /** Counts of one upsert. */
    public record Counts(int inserted, int updated) {
    }

    /** Upserts articles (no URL twice) in one statement, through the pool or a caller's transaction. */
    public Uni<Counts> upsert(SqlClient target, List<NewArticle> articles) {
        int n = articles.size();
        UUID[] ids = new UUID[n];
        String[] urls = new String[n];
        String[] titles = new String[n];
        OffsetDateTime[] published = new OffsetDateTime[n];
        String[] sources = new String[n];
        String[] authors = new String[n];
        String[] descriptions = new String[n];
        String[] contents = new String[n];
        String[] symbols = new String[n];
        for (int i = 0; i < n; i++) {
            NewArticle a = articles.get(i);
            ids[i] = Uuids.v7();
            urls[i] = a.url();
            titles[i] = a.title();
            published[i] = a.publishedAt().atOffset(ZoneOffset.UTC);
            sources[i] = a.source();
            authors[i] = a.author();
            descriptions[i] = a.description();
            contents[i] = a.content();
            // Symbols never hold a comma (DESIGN 2): one text per article, split back in SQL.
            symbols[i] = String.join(",", a.symbols());
        }
        return target.preparedQuery(UPSERT).execute(Tuple.from(new Object[] {ids, urls, titles, published, sources,
                authors, descriptions, contents, symbols})).map(rows -> {
                    Row row = rows.iterator().next();
                    return new Counts(row.getLong("inserted").intValue(), row.getLong("updated").intValue());
                });
    }

    /** Upserts through the pool. */
    public Uni<Counts> upsert(List<NewArticle> articles) {
        return upsert(pool, articles);
    }

    /** The cursor position of a ranked page: the last row's rank, publication time and id. */
    public record Ranked(float rank, Instant publishedAt, UUID id) {
    }

    /**
     * Up to {@code limit} articles matching {@code query}, best first, after {@code after} (or from the top), on
     * the server {@code on} names (a read replica or the primary).
     */
    public Uni<List<ArticleView>> search(Reads on, String query, String symbol, Instant from, Instant to, Ranked after,
            int limit) {
        Tuple args = Tuple.tuple().addString(query).addString(symbol).addOffsetDateTime(utc(from))
                .addOffsetDateTime(utc(to)).addValue(after == null ? null : after.rank())
                .addOffsetDateTime(after == null ? null : utc(after.publishedAt()))
                .addUUID(after == null ? null : after.id()).addInteger(limit);
        return on.pool(server -> server.preparedQuery(SEARCH).execute(args)).map(rows -> toViews(rows, true, false));
    }

    /** Up to {@code limit} articles, newest first, after ({@code afterTs}, {@code afterId}), on {@code on}. */
    public Uni<List<ArticleView>> latest(Reads on, String symbol, Instant from, Instant to, Instant afterTs, UUID afterId,
            int limit) {
        Tuple args = Tuple.tuple().addString(symbol).addOffsetDateTime(utc(from)).addOffsetDateTime(utc(to))
                .addOffsetDateTime(utc(afterTs)).addUUID(afterId).addInteger(limit);
        return on.pool(server -> server.preparedQuery(LATEST).execute(args)).map(rows -> toViews(rows, false, false));
    }

    /** One article with its content. */
    public Uni<Optional<ArticleView>> byId(UUID id) {
        return pool.preparedQuery(ONE).execute(Tuple.of(id))
                .map(rows -> toViews(rows, false, true).stream().findFirst());
    }

    /** Whether any article is stored. */
    public Uni<Boolean> any() {
        return pool.query(ANY).execute().map(rows -> rows.iterator().next().getBoolean("any"));
    }

    private static List<ArticleView> toViews(RowSet<Row> rows, boolean ranked, boolean withContent) {
        List<ArticleView> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(new ArticleView(row.getUUID("id"), row.getString("url"), row.getString("title"),
                    row.getOffsetDateTime("published_at").toInstant(), row.getString("source"), row.getString("author"),
                    row.getString("description"), withContent ? row.getString("content") : null,
                    Arrays.asList(row.getArrayOfStrings("symbols")),
                    ranked ? row.getFloat("rank") : null, ranked ? row.getString("snippet") : null,
                    row.getOffsetDateTime("recorded_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant()));
        }
        return out;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
