package dev.ovl.cli;

import dev.ovl.work.Cancel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (or SIGTERM) during a long operation into its cancel signal, and holds the JVM's exit until the
 * operation has cleaned up (rolled back, removed its partial output), for at most a minute.
 */
final class CtrlC implements AutoCloseable {
  private final Cancel cancel = Cancel.create();
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread hook = new Thread(this::onSignal, "ovl-ctrl-c");
  private final Stdio stdio = Stdio.current();

  private CtrlC() {}

  /** Guards the current command: a signal to this JVM, or the served client's Ctrl-C, cancels it. */
  static CtrlC guard() {
    CtrlC c = new CtrlC();
    if (c.stdio.served()) {
      c.stdio.guards().add(c);
    } else {
      Runtime.getRuntime().addShutdownHook(c.hook);
    }
    return c;
  }

  /** Cancels the guarded operation (the served client's Ctrl-C); its caller waits for the command to end. */
  void cancelNow() {
    cancel.cancel();
  }

  Cancel cancel() {
    return cancel;
  }

  private void onSignal() {
    cancel.cancel();
    try {
      done.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    done.countDown();
    if (stdio.served()) {
      stdio.guards().remove(this);
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is waiting for this countDown
    }
  }
}
