package dev.tickvault.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys {@code tv_<id>_<secret>}: an 8-character public id (for lookups and logs) and a secret of 32
 * or more characters, both {@code [A-Za-z0-9]}. New keys take a 40-character secret from
 * {@link SecureRandom} (about 238 bits). Only the SHA-256 of the secret is stored; comparison is
 * constant-time ({@link MessageDigest#isEqual}).
 */
public final class ApiKeyFormat {

    private static final Pattern KEY = Pattern.compile("^tv_([A-Za-z0-9]{8})_([A-Za-z0-9]{32,128})$");
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_LENGTH = 40;

    private ApiKeyFormat() {
    }

    /** A key split into its public id and its secret. */
    public record Parsed(String id, String secret) {
        /** The full key text. */
        public String key() {
            return "tv_" + id + "_" + secret;
        }

        @Override
        public String toString() {
            return "tv_" + id + "_***";
        }
    }

    /** Parses a presented key; empty when it does not have the key format. */
    public static Optional<Parsed> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = KEY.matcher(key.trim());
        return m.matches() ? Optional.of(new Parsed(m.group(1), m.group(2))) : Optional.empty();
    }

    /** A new random key. */
    public static Parsed generate() {
        return new Parsed(random(8), random(SECRET_LENGTH));
    }

    /** SHA-256 of the secret's UTF-8 bytes. */
    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Whether the secret hashes to the stored hash, in time independent of where they differ. */
    public static boolean matches(byte[] storedSha256, String secret) {
        return MessageDigest.isEqual(storedSha256, sha256(secret));
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
