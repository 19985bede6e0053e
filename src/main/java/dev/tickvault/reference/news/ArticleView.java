package dev.tickvault.reference.news;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An article on the wire. Lists leave {@code content} out (read one article by id for it); a search answer
 * adds {@code rank} ({@code ts_rank}, higher is better) and {@code snippet}, the passage that matched with the
 * matched words between {@code <b>} and {@code </b>} ({@code ts_headline}; the rest is the article's own text,
 * not escaped HTML). Absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record ArticleView(UUID id, String url, String title, Instant publishedAt, String source, String author,
        String description, String content, List<String> symbols, Float rank, String snippet, Instant recordedAt,
        Instant updatedAt) {
}
