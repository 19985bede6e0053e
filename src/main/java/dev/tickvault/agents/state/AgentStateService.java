package dev.tickvault.agents.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.common.ETags;
import dev.tickvault.common.Problems;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Agent state (DESIGN 5): created by a {@code PUT} without {@code If-Match}, then replaced only with
 * {@code If-Match} naming the current version. Without it, a replacement is 428; with a stale one, 412;
 * {@code If-Match} on an agent that has no state yet is 412 (RFC 9110 13.1.1). Two first {@code PUT}s racing
 * for one agent: one creates the state, the other gets 409.
 */
@ApplicationScoped
public class AgentStateService {

    private final AgentStateRepository repository;

    public AgentStateService(AgentStateRepository repository) {
        this.repository = repository;
    }

    /** A state written, and whether the write created it. */
    public record Saved(AgentStateView state, boolean created) {
    }

    /** Creates or replaces an agent's state under the precondition. */
    @WithTransaction
    public Uni<Saved> put(String agentId, ETags.IfMatch ifMatch, JsonNode state) {
        return repository.lockByAgent(agentId).chain(current -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            if (current == null) {
                if (ifMatch != null) {
                    throw Problems.preconditionFailed("Agent " + agentId + " has no state yet; create it with a PUT "
                            + "without If-Match");
                }
                AgentState created = new AgentState();
                created.agentId = agentId;
                created.state = state;
                created.createdAt = now;
                created.updatedAt = now;
                return repository.persistAndFlush(created).map(s -> new Saved(AgentStateView.of(s), true));
            }
            if (ifMatch == null) {
                throw Problems.preconditionRequired("Agent " + agentId + " has a state at version " + current.version
                        + "; send If-Match: " + ETags.of(current.version) + " to replace it");
            }
            if (!ifMatch.matches(current.version)) {
                throw Problems.preconditionFailed("The state of agent " + agentId + " is at version " + current.version
                        + "; If-Match names another version. Read it again for its current ETag");
            }
            current.state = state;
            current.updatedAt = now;
            return repository.flush().map(ignored -> new Saved(AgentStateView.of(current), false));
        });
    }

    /** An agent's state. */
    public Uni<Optional<AgentStateView>> get(String agentId) {
        return repository.byAgent(agentId).map(s -> Optional.ofNullable(s).map(AgentStateView::of));
    }
}
