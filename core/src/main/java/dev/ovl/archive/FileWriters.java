package dev.ovl.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Writes small regular files of an apply on worker threads while the tar is still being read. Paths being written
 * are pending: anything that needs to look at one first waits for all writes ({@link #settle}), so the apply sees
 * the same tree as if it had written every file in order. At most 64 MiB of data is in flight.
 */
final class FileWriters implements AutoCloseable {
  /** Files up to this size go to a worker; bigger ones are streamed by the reading thread. */
  static final int MAX_QUEUED_FILE = 1 << 20;

  /** One file's work: create, write, set metadata. */
  interface Job {
    void run() throws IOException;
  }

  private final ExecutorService pool;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final Deque<Future<?>> futures = new ArrayDeque<>();
  private final Semaphore budgetKiB = new Semaphore(64 << 10);
  private final DirectBuffers buffers = new DirectBuffers(MAX_QUEUED_FILE);

  private FileWriters(int threads) {
    this.pool = threads <= 0 ? null : Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "ovl-apply-writer");
      t.setDaemon(true);
      return t;
    });
  }

  /** Workers for this machine: none on one CPU (everything is written in order by the caller). */
  static FileWriters forThisMachine() {
    return new FileWriters(Integer.getInteger("ovl.apply.writers", Runtime.getRuntime().availableProcessors() > 1 ? 2 : 0));
  }

  boolean enabled() {
    return pool != null;
  }

  /**
   * An empty buffer for {@code size} bytes of a file's data, counted against the in-flight budget until the job
   * that {@link #submit}s it has run. Direct, so that neither the collector nor the JDK's write copies the data.
   */
  ByteBuffer buffer(int size) throws IOException {
    try {
      budgetKiB.acquire(kib(size));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while applying");
    }
    return buffers.take(size);
  }

  /** Queues {@code job}, which writes {@code rel} from {@code data}, a {@link #buffer}, or null for none. */
  void submit(String rel, ByteBuffer data, Job job) throws IOException {
    int kib = data == null ? 0 : kib(data.limit());
    pending.add(rel);
    futures.add(pool.submit(() -> {
      try {
        job.run();
        return null;
      } finally {
        pending.remove(rel);
        if (data != null) {
          buffers.give(data);
          budgetKiB.release(kib);
        }
      }
    }));
    reap();
  }

  private static int kib(int bytes) {
    return Math.max(1, bytes >> 10);
  }

  /** Waits for every write if {@code rel} is still being written. */
  void settle(String rel) throws IOException {
    if (!pending.isEmpty() && pending.contains(rel)) {
      drain();
    }
  }

  /** Waits for every queued write; the first failure is thrown. */
  void drain() throws IOException {
    for (Future<?> f : futures) {
      await(f);
    }
    futures.clear();
  }

  /** Collects finished writes from the oldest on (a failure is thrown here); waits when too many are queued. */
  private void reap() throws IOException {
    while (!futures.isEmpty() && (futures.peekFirst().isDone() || futures.size() > 4096)) {
      await(futures.pollFirst());
    }
  }

  private static void await(Future<?> f) throws IOException {
    try {
      f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while applying");
    }
  }

  /** Stops taking work and waits for what is running, so that a rollback sees a quiet tree. */
  @Override
  public void close() {
    if (pool == null) {
      return;
    }
    futures.forEach(f -> f.cancel(false));
    pool.shutdown();
    try {
      while (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        // writes of at most 1 MiB each: this ends
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
