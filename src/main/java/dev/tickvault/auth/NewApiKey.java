package dev.tickvault.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Timestamps;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A validated request to create a key: {@code {"name","scopes","expiresAt"?,"rateLimitPerMinute"?}}.
 * Name 1 to 100 characters; scopes a non-empty array of {@code read}, {@code write}, {@code admin};
 * {@code expiresAt} an RFC 3339 time in the future; {@code rateLimitPerMinute} an integer >= 0 (0: none).
 */
@Schema(description = "A key to create.", requiredProperties = {"name", "scopes"})
public record NewApiKey(
        @Schema(description = "The key's name, 1 to 100 characters once trimmed.", minLength = 1, maxLength = 100,
                examples = "research notebook") String name,
        @Schema(description = "The scopes to grant, a non-empty array.", minItems = 1, examples = "[\"read\"]")
        Set<Scope> scopes,
        @Schema(description = "When the key expires, RFC 3339 in UTC, in the future; never when absent.")
        Instant expiresAt,
        @Schema(description = "Requests allowed per minute, an integer, zero or more (0: no limit); "
                + "tickvault.rate-limit.per-minute when absent.", minimum = "0")
        Integer rateLimitPerMinute) {

    /**
     * Reads and validates the body.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when not a JSON object, 422 listing the faults
     */
    public static NewApiKey from(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Problems.badRequest("Expected a JSON object {\"name\",\"scopes\",\"expiresAt\"?,\"rateLimitPerMinute\"?}");
        }
        Faults faults = new Faults();
        JsonNode name = body.get("name");
        String nameText = null;
        if (name == null || !name.isTextual() || name.textValue().isBlank() || name.textValue().trim().length() > 100) {
            faults.add(Fault.at("/name", "name", "is required: a string of 1 to 100 characters"));
        } else {
            nameText = name.textValue().trim();
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        JsonNode scopeList = body.get("scopes");
        if (scopeList == null || !scopeList.isArray() || scopeList.isEmpty()) {
            faults.add(Fault.at("/scopes", "scopes", "is required: a non-empty array of read, write, admin"));
        } else {
            for (int i = 0; i < scopeList.size(); i++) {
                JsonNode scope = scopeList.get(i);
                if (!scope.isTextual() || Scope.of(scope.textValue()).isEmpty()) {
                    faults.add(Fault.at("/scopes/" + i, "scopes", "must be one of read, write, admin"));
                } else {
                    scopes.add(Scope.of(scope.textValue()).get());
                }
            }
        }
        Instant expiresAt = null;
        JsonNode expires = body.get("expiresAt");
        if (expires != null && !expires.isNull()) {
            expiresAt = expires.isTextual() ? Timestamps.parseStrict(expires.textValue()) : null;
            if (expiresAt == null) {
                faults.add(Fault.at("/expiresAt", "expiresAt", "must be an RFC 3339 date-time with an offset"));
            } else if (!expiresAt.isAfter(Instant.now())) {
                faults.add(Fault.at("/expiresAt", "expiresAt", "must be in the future"));
            }
        }
        Integer rateLimit = null;
        JsonNode limit = body.get("rateLimitPerMinute");
        if (limit != null && !limit.isNull()) {
            if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.intValue() < 0) {
                faults.add(Fault.at("/rateLimitPerMinute", "rateLimitPerMinute", "must be an integer >= 0"));
            } else {
                rateLimit = limit.intValue();
            }
        }
        if (faults.any()) {
            throw Problems.invalid("The key request is invalid", faults.list());
        }
        return new NewApiKey(nameText, scopes, expiresAt, rateLimit);
    }
}
