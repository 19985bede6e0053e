package dev.tickvault.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Live push settings (DESIGN 11): {@code tickvault.live.*}. */
@ConfigMapping(prefix = "tickvault.live")
public interface LiveConfig {

    /**
     * How long events are kept for a client that reconnects with {@code Last-Event-ID} (or {@code ?after=}); a
     * position older than this is 410. Events are deleted once older, by a job every minute.
     */
    @WithDefault("PT24H")
    Duration replayWindow();

    /** The interval of the heartbeat comments that keep idle streams (and the proxies on their way) open. */
    @WithDefault("PT15S")
    Duration heartbeat();

    /**
     * Bytes written to a subscriber and not yet taken by its connection beyond which it is closed with
     * {@code event: overflow}; the operating system's socket buffers come on top.
     */
    @WithDefault("262144")
    int bufferBytes();

    /**
     * Events a subscriber holds while it replays what it missed; beyond it, it is closed with
     * {@code event: overflow}.
     */
    @WithDefault("10000")
    int maxHeld();
}
