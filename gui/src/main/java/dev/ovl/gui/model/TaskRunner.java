package dev.ovl.gui.model;

import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs disk work off the FX thread, one job at a time, in {@link Task}s whose progress, message and Cancel feed
 * the status bar. Failures go to an error handler; a cancelled job only says so.
 */
public final class TaskRunner {
  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  /** A piece of disk work that reports progress and polls a cancel signal. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Progress progress, Cancel cancel) throws Exception;
  }

  private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "ovl-gui-work");
    t.setDaemon(true);
    return t;
  });
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Ready");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
  private final AtomicInteger pending = new AtomicInteger();
  private final Consumer<Throwable> onError;
  private final List<BiConsumer<String, Throwable>> failureListeners = new CopyOnWriteArrayList<>();
  private volatile Cancel current = Cancel.NEVER;

  public TaskRunner(Consumer<Throwable> onError) {
    this.onError = onError;
  }

  /** Also tells {@code listener} the title and cause of every job that fails (not one that is cancelled). */
  public void onFailure(BiConsumer<String, Throwable> listener) {
    failureListeners.add(listener);
  }

  /** Queues {@code work}; {@code done} runs on the FX thread with its result. Call on the FX thread. */
  public <T> Task<T> run(String title, Work<T> work, Consumer<T> done) {
    Cancel cancel = Cancel.create();
    Task<T> task = new Task<>() {
      @Override
      protected T call() throws Exception {
        current = cancel;
        updateMessage(title + "…");
        updateProgress(-1, 1);
        return work.run((bytes, entries) -> updateMessage(title + ": " + entries + " entries, "
            + Sizes.human(bytes)), cancel);
      }
    };
    task.setOnSucceeded(e -> {
      finish(title + ": done");
      done.accept(task.getValue());
    });
    task.setOnFailed(e -> {
      Throwable ex = task.getException();
      if (ex instanceof Cancel.Cancelled) {
        finish(title + ": cancelled");
        log.info("{} cancelled", title);
      } else {
        finish(title + ": failed");
        log.warn("{} failed: {}", title, ex.toString());
        onError.accept(ex);
        failureListeners.forEach(l -> l.accept(title, ex));
      }
    });
    pending.incrementAndGet();
    running.set(true);
    message.bind(task.messageProperty());
    progress.bind(task.progressProperty());
    pool.submit(task);
    return task;
  }

  private void finish(String text) {
    message.unbind();
    progress.unbind();
    message.set(text);
    progress.set(0);
    if (pending.decrementAndGet() == 0) {
      running.set(false);
    }
  }

  /** Raises the cancel signal of the job that is running now. */
  public void cancel() {
    Cancel c = current;
    if (c != Cancel.NEVER) {
      c.cancel();
    }
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** True when no job is queued or running. */
  public boolean idle() {
    return pending.get() == 0;
  }

  /** Runs {@code r} on the FX thread, now if already there. */
  public static void fx(Runnable r) {
    if (Platform.isFxApplicationThread()) {
      r.run();
    } else {
      Platform.runLater(r);
    }
  }
}
