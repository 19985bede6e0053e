package dev.tickvault.agents.state;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Agent states through Hibernate Reactive Panache. */
@ApplicationScoped
public class AgentStateRepository implements PanacheRepositoryBase<AgentState, String> {

    /** An agent's state, or {@code null}. */
    @WithSession
    public Uni<AgentState> byAgent(String agentId) {
        return findById(agentId);
    }

    /** An agent's state row-locked until the transaction ends, or {@code null}. */
    public Uni<AgentState> lockByAgent(String agentId) {
        return findById(agentId, LockModeType.PESSIMISTIC_WRITE);
    }
}
