package dev.tickvault.marketdata;

import dev.tickvault.common.Problems;
import io.quarkus.runtime.ImageMode;

import java.util.Locale;

/**
 * The media types a bar read answers in (DESIGN 9), by the name of the {@code format} query parameter that clients
 * unable to set {@code Accept} send instead ({@link FormatParameter}).
 */
public enum BarFormat {
    /** JSON pages ({@code {"data":[...],"nextCursor"}}). */
    JSON("application/json"),
    /** CSV with a header line, RFC 4180. */
    CSV(BarResource.CSV),
    /** One JSON object a line. */
    NDJSON(BarResource.NDJSON),
    /** An Arrow IPC stream ({@link ArrowBars}). */
    ARROW(BarFormat.ARROW_STREAM),
    /** A Parquet file ({@link ParquetBars}). */
    PARQUET(BarFormat.PARQUET_FILE);

    /** The Arrow IPC stream format's media type (IANA registration, 2021). */
    public static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";
    /** Parquet's media type (IANA registration, 2024). */
    public static final String PARQUET_FILE = "application/vnd.apache.parquet";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(BarFormat.class);

    private final String mediaType;

    BarFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The media type this format is answered with. */
    public String mediaType() {
        return mediaType;
    }

    /**
     * Parses the {@code format} query parameter: {@code json}, {@code csv}, {@code ndjson}, {@code arrow} or
     * {@code parquet}, in any case.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 for another value
     */
    public static BarFormat fromQuery(String raw) {
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("Query parameter 'format' must be json, csv, ndjson, arrow or parquet");
        }
    }

    /**
     * Refuses the columnar formats where they cannot be served. In a native executable: Apache Arrow Java reaches
     * its memory through {@code sun.misc.Unsafe} and reflection on {@code java.nio} that GraalVM's closed world does
     * not keep, and Parquet is written with part of it. In a JVM, Arrow once its memory is found unusable
     * ({@link ArrowBars#unusable}: started without the jar's {@code Add-Opens}), with the flag it lacks named and
     * one log line per refused request.
     *
     * @param status 406 for a read, 415 for a body
     * @throws io.quarkiverse.resteasy.problem.HttpProblem {@code status} when the format cannot be served
     */
    static void requireJvm(String mediaType, int status) {
        String title = status == 406 ? "Not Acceptable" : "Unsupported Media Type";
        if (ImageMode.current() == ImageMode.NATIVE_RUN) {
            throw Problems.status(status, title, mediaType + " is served by the JVM build of tickvault only;"
                    + " this native executable answers CSV, NDJSON and JSON");
        }
        if (ARROW_STREAM.equals(mediaType) && ArrowBars.unusable() != null) {
            LOG.warn(ArrowBars.unusable());
            throw Problems.status(status, title, mediaType + " is not available on this server: "
                    + ArrowBars.unusable());
        }
    }
}
