package dev.tickvault.reference.news;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(description = "A news article; absent fields are left out. Example: a Reuters-21578 article of the sample "
        + "data.", requiredProperties = {"id", "url", "title", "publishedAt", "recordedAt", "updatedAt"})
public record ArticleView(
        @Schema(description = "The article's id.") UUID id,
        @Schema(description = "The article's absolute URI, its identity.", examples = "urn:reuters-21578:10")
        String url,
        @Schema(description = "The headline.", examples = "COMPUTER TERMINAL SYSTEMS <CPML> COMPLETES SALE")
        String title,
        @Schema(description = "When it was published, RFC 3339 in UTC.", examples = "1987-02-26T15:18:06Z")
        Instant publishedAt,
        @Schema(description = "The publisher.", examples = "Reuters") String source,
        @Schema(description = "The author.") String author,
        @Schema(description = "A summary.") String description,
        @Schema(description = "The full text; only when one article is read by id, left out of lists.")
        String content,
        @Schema(description = "The symbols the article concerns, upper-cased.", examples = "[\"CPML\"]")
        List<String> symbols,
        @Schema(description = "Search answers only: the relevance (PostgreSQL ts_rank), higher is better.")
        Float rank,
        @Schema(description = "Search answers only: the passage that matched, the matched words between <b> and "
                + "</b> (ts_headline); the rest is the article's own text, not escaped HTML.") String snippet,
        @Schema(description = "When tickvault recorded it, RFC 3339 in UTC.") Instant recordedAt,
        @Schema(description = "When it last changed, RFC 3339 in UTC.") Instant updatedAt) {
}
