package dev.tickvault.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Bounds every request shares, whichever feature serves it: {@code tickvault.http.*} (checked by
 * {@link RequestGuard}) and {@code tickvault.ingest.worker-parse-threshold-bytes} (large bodies read off the
 * event loop, {@link Offload}).
 */
@ConfigMapping(prefix = "tickvault")
public interface RequestConfig {

    /** Bounds on requests, checked before a resource is reached ({@code RequestGuard}). */
    Http http();

    /** Request bodies read on a worker thread. */
    Ingest ingest();

    /** Request bounds that Quarkus has no property for. */
    interface Http {
        /**
         * Longest time from a request's headers to the last byte of its body; a body still incomplete then
         * (short of its {@code Content-Length}, or a chunked body that stopped) is answered 408 and its
         * connection closed.
         */
        @WithDefault("PT60S")
        Duration bodyTimeout();

        /**
         * Longest request target (path and query, in characters); longer is 414. Stays below
         * {@code quarkus.http.limits.max-initial-line-length}, beyond which the HTTP decoder refuses the
         * request itself, without a problem body.
         */
        @WithDefault("131072")
        int maxUriLength();
    }

    /** Request bodies read on a worker thread (shared by every reader of large bodies). */
    interface Ingest {
        /** Bodies larger than this (bytes) are parsed on a worker thread rather than the event loop. */
        @WithDefault("1048576")
        int workerParseThresholdBytes();
    }
}
