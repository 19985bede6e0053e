package dev.tickvault.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * One audit record: when (UTC), what ({@code auth_failed}, {@code forbidden}, {@code rate_limited},
 * {@code key_created}, {@code key_revoked}, {@code admin_call}), which key id, the client address, the
 * method, path and status, and a short detail. Never a secret.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
@Schema(description = "One audit record; never a secret.")
public record AuditEvent(
        @Schema(description = "The record's id, increasing.") Long id,
        @Schema(description = "When it happened, RFC 3339 in UTC.") Instant occurredAt,
        @Schema(description = "What happened.", enumeration = {"auth_failed", "forbidden", "rate_limited",
                "key_created", "key_revoked", "admin_call", "partition_dropped"}) String event,
        @Schema(description = "The public id of the key concerned; null when none.") String keyId,
        @Schema(description = "The client's address.") String clientAddress,
        @Schema(description = "The HTTP method of the call.", examples = "POST") String method,
        @Schema(description = "The path of the call.", examples = "/api/v1/admin/keys") String path,
        @Schema(description = "The HTTP status answered.", examples = "201") Integer status,
        @Schema(description = "A short detail.") String detail) {
}
