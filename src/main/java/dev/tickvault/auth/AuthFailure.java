package dev.tickvault.auth;

/** Why a call was refused: 401 (no, malformed, unknown, revoked or expired key) or 403 (scope). */
public final class AuthFailure extends RuntimeException {

    private final int status;
    private final String keyId;

    AuthFailure(int status, String keyId, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.keyId = keyId;
    }

    /** 401 or 403. */
    public int status() {
        return status;
    }

    /** The presented key's id when it could be read, else null. */
    public String keyId() {
        return keyId;
    }
}
