-- News articles with full-text search (DESIGN 10): one row per URL; a generated tsvector (title weighted
-- A, description B, content C, English configuration) with a GIN index answers websearch_to_tsquery.
CREATE TABLE ref.news_articles (
    id           uuid        NOT NULL,
    url          text        NOT NULL,
    title        text        NOT NULL,
    published_at timestamptz NOT NULL,
    source       text,
    author       text,
    description  text,
    content      text,
    symbols      text[]      NOT NULL DEFAULT '{}',
    search       tsvector    GENERATED ALWAYS AS (
                     setweight(to_tsvector('english'::regconfig, title), 'A')
                     || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')
                     || setweight(to_tsvector('english'::regconfig, coalesce(content, '')), 'C')) STORED,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT news_articles_pkey PRIMARY KEY (id),
    CONSTRAINT news_articles_url_key UNIQUE (url),
    CONSTRAINT news_articles_url_length CHECK (length(url) BETWEEN 1 AND 2048),
    CONSTRAINT news_articles_title_length CHECK (length(title) BETWEEN 1 AND 1000),
    CONSTRAINT news_articles_source_length CHECK (source IS NULL OR length(source) <= 200),
    CONSTRAINT news_articles_author_length CHECK (author IS NULL OR length(author) <= 200),
    CONSTRAINT news_articles_description_length CHECK (description IS NULL OR length(description) <= 10000),
    CONSTRAINT news_articles_content_length CHECK (content IS NULL OR length(content) <= 100000),
    CONSTRAINT news_articles_symbols_count CHECK (cardinality(symbols) <= 100)
);

COMMENT ON TABLE ref.news_articles IS 'News articles, unique by url; search is a generated tsvector (GIN) for websearch_to_tsquery.';

CREATE INDEX news_articles_search_idx ON ref.news_articles USING gin (search);
CREATE INDEX news_articles_symbols_idx ON ref.news_articles USING gin (symbols);
-- Newest first without a query: keyset on (published_at, id).
CREATE INDEX news_articles_published_idx ON ref.news_articles (published_at, id);
