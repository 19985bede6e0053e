package dev.tickvault.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * One audit record: when (UTC), what ({@code auth_failed}, {@code forbidden}, {@code rate_limited},
 * {@code key_created}, {@code key_revoked}, {@code admin_call}), which key id, the client address, the
 * method, path and status, and a short detail. Never a secret.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
public record AuditEvent(Long id, Instant occurredAt, String event, String keyId, String clientAddress, String method,
        String path, Integer status, String detail) {
}
