package io.distpool.pool;

/**
 * One user on one client machine, as the pool sees them now.
 *
 * @param leased slots they hold
 * @param waiting requests of theirs in the queue
 */
public record ClientView(String user, String client, int leased, int waiting) {}
