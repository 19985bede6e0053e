package dev.tickvault.common;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Record ids: UUID version 7 (RFC 9562 5.7), a 48-bit millisecond timestamp then random bits. Ids made
 * close in time sort close together, so inserts append to the primary-key index instead of landing on
 * random pages as version 4 ids would.
 */
public final class Uuids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Uuids() {
    }

    /** A new version 7 UUID for the current time. */
    public static UUID v7() {
        return v7(Instant.now().toEpochMilli());
    }

    static UUID v7(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16;
        msb |= 0x7000L; // version 7
        msb |= ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long lsb = 0x8000_0000_0000_0000L; // variant 10
        lsb |= (random[2] & 0x3FL) << 56;
        for (int i = 3; i < 10; i++) {
            lsb |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(msb, lsb);
    }

    /**
     * Parses an id from a path.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is not a UUID
     */
    public static UUID fromPath(String name, String raw) {
        try {
            if (raw != null && raw.length() == 36) {
                return UUID.fromString(raw);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw Problems.badRequest("'" + Symbols.abbreviate(raw) + "' is not a valid " + name + ": expected a UUID");
    }
}
