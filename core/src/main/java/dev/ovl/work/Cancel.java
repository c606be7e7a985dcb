package dev.ovl.work;

import java.io.InterruptedIOException;

/** A cancel signal that long operations poll between entries. */
public final class Cancel {
  /** A signal that is never raised. */
  public static final Cancel NEVER = new Cancel();

  private volatile boolean cancelled;

  /** A new, unraised signal. */
  public static Cancel create() {
    return new Cancel();
  }

  /** Raises the signal; the operation stops at its next check and cleans up. */
  public void cancel() {
    if (this == NEVER) {
      throw new IllegalStateException("Cancel.NEVER cannot be cancelled");
    }
    cancelled = true;
  }

  public boolean isCancelled() {
    return cancelled || Thread.currentThread().isInterrupted();
  }

  /** Throws {@link Cancelled} if the signal was raised or the thread interrupted. */
  public void check() throws Cancelled {
    if (isCancelled()) {
      throw new Cancelled();
    }
  }

  /** The operation was cancelled; whatever it had written is gone. */
  public static final class Cancelled extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cancelled");
    }
  }
}
