package dev.tickvault.reference.news;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Symbols;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A news article as posted (DESIGN 10): {@code url} (an absolute URI, up to 2,048 characters: the article's
 * identity), {@code title} (1,000) and {@code publishedAt} required; {@code source}, {@code author} (200 each),
 * {@code description} (10,000), {@code content} (100,000) and {@code symbols} (up to 100) optional. Without
 * {@code symbols}, the tickers written in angle brackets in the title ({@code CHEMLAWN <CHEM> RISES}) are the
 * article's symbols; {@code "symbols": []} says it has none. Other fields are ignored.
 */
@Schema(description = "A news article to record; other fields are ignored. Example: a Reuters-21578 article of the "
        + "sample data.", requiredProperties = {"url", "title", "publishedAt"})
public record NewArticle(
        @Schema(description = "The article's absolute URI (https://..., urn:...), its identity.", maxLength = 2048,
                examples = "urn:reuters-21578:10") String url,
        @Schema(description = "The headline.", maxLength = 1000,
                examples = "COMPUTER TERMINAL SYSTEMS <CPML> COMPLETES SALE") String title,
        @Schema(description = "When it was published, RFC 3339 in UTC.", examples = "1987-02-26T15:18:06Z")
        Instant publishedAt,
        @Schema(description = "The publisher.", maxLength = 200, examples = "Reuters") String source,
        @Schema(description = "The author.", maxLength = 200) String author,
        @Schema(description = "A summary.", maxLength = 10_000) String description,
        @Schema(description = "The full text.", maxLength = 100_000) String content,
        @Schema(description = "The symbols the article concerns, at most 100, each matching the symbol pattern; when "
                + "absent, the tickers in angle brackets in the title (<CPML>); [] for none.", maxItems = 100,
                examples = "[\"CPML\"]") List<String> symbols) {

    /** Longest URL kept. */
    static final int MAX_URL = 2048;
    /** Most symbols per article. */
    static final int MAX_SYMBOLS = 100;

    /** A ticker as newswires write it in a headline: upper-case letters, digits and dots between angle brackets. */
    private static final Pattern TICKER = Pattern.compile("<([A-Z0-9][A-Z0-9.]{0,9})>");

    /** Reads an article, adding a fault for each broken rule; {@code null} when any rule is broken. */
    public static NewArticle read(FieldReader in, Faults faults) {
        int before = faults.total();
        String url = in.text("url", true, MAX_URL);
        if (url != null && !isAbsoluteUri(url)) {
            in.fault("url", "must be an absolute URI (https://..., urn:...)");
        }
        String title = in.text("title", true, 1000);
        Instant publishedAt = in.timestamp("publishedAt", true);
        String source = in.text("source", false, 200);
        String author = in.text("author", false, 200);
        String description = in.text("description", false, 10_000);
        String content = in.text("content", false, 100_000);
        List<String> symbols = in.symbols("symbols", false, MAX_SYMBOLS);
        if (faults.total() != before) {
            return null;
        }
        if (symbols == null && in.absent("symbols")) {
            symbols = tickers(title);
        }
        return new NewArticle(url, title, publishedAt, source, author, description, content, symbols);
    }

    /**
     * The articles of a body (one JSON object, an array, or NDJSON), every rule checked, no URL twice.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when unreadable, 413 over {@code maxBatch}, 422
     *     listing every fault
     */
    public static List<NewArticle> readBatch(ObjectMapper mapper, byte[] body, boolean ndjson, int maxBatch) {
        JsonBody.Items items = JsonBody.items(mapper, body, ndjson, maxBatch);
        Faults faults = new Faults();
        List<NewArticle> articles = new ArrayList<>(items.items().size());
        Map<String, Integer> urls = new HashMap<>();
        for (JsonBody.Item item : items.items()) {
            NewArticle article = NewArticle.read(item.reader(faults), faults);
            if (article != null && urls.putIfAbsent(article.url(), articles.size()) != null) {
                String message = "the same url appears twice in the batch";
                faults.add(item.pointer() != null ? Fault.at(item.pointer() + "/url", "url", message)
                        : Fault.onLine(item.line(), "url", message));
            }
            articles.add(article);
        }
        if (faults.any()) {
            throw Problems.invalid(faults.total() + " invalid value(s) in " + articles.size()
                    + " article(s); nothing was written", faults.list());
        }
        return articles;
    }

    /** The valid symbols written as {@code <TICKER>} in a title, in order, each once. */
    static List<String> tickers(String title) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = TICKER.matcher(title);
        while (m.find() && found.size() < MAX_SYMBOLS) {
            if (Symbols.isValid(m.group(1))) {
                found.add(Symbols.normalize(m.group(1)));
            }
        }
        return List.copyOf(found);
    }

    private static boolean isAbsoluteUri(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
