package io.distpool.pool;

import java.util.Objects;

/** The pool's answer to a lease request. */
public sealed interface Ticket permits Ticket.Granted, Ticket.Queued, Ticket.Refused {

  /** A slot was free: the caller holds {@code lease} and must release it. */
  record Granted(Lease lease) implements Ticket {
    public Granted {
      Objects.requireNonNull(lease, "lease");
    }
  }

  /** Every slot is taken for now; {@code waiter} gets the next free one in arrival order. */
  record Queued(Waiter waiter) implements Ticket {
    public Queued {
      Objects.requireNonNull(waiter, "waiter");
    }
  }

  /** No host could give a slot soon (none up, all busy): waiting would only slow the build. */
  record Refused(String reason) implements Ticket {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
