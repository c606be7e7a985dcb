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

  private CtrlC() {}

  static CtrlC guard() {
    CtrlC c = new CtrlC();
    Runtime.getRuntime().addShutdownHook(c.hook);
    return c;
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
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is waiting for this countDown
    }
  }
}
