package dev.tickvault.agents.queue;

/**
 * Where a command is in its life: PENDING (claimable), LEASED (held by a worker until its lease expires),
 * then DONE (acknowledged), FAILED (failed without retry) or DEAD (out of attempts).
 */
public enum CommandStatus {
    PENDING, LEASED, DONE, FAILED, DEAD
}
