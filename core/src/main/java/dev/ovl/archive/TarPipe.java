package dev.ovl.archive;

import dev.ovl.work.Progress;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the entries of an export from the walking thread (readdir, stat, xattrs) to a writer thread (headers,
 * file data), so that the two halves of the per-file work overlap. Entries keep their order.
 */
final class TarPipe implements AutoCloseable {
  private record Step(TarEntry header, Path data, TarEntry opaque) {}

  private static final Step END = new Step(null, null, null);

  private final BlockingQueue<Step> queue = new ArrayBlockingQueue<>(512);
  private final TarWriter out;
  private final Progress progress;
  private final Thread writer;
  private volatile Throwable failure;
  private volatile boolean abandoned;

  private TarPipe(TarWriter out, Progress progress) {
    this.out = out;
    this.progress = progress;
    this.writer = new Thread(this::drain, "ovl-tar-writer");
    writer.setDaemon(true);
  }

  static TarPipe start(TarWriter out, Progress progress) {
    TarPipe p = new TarPipe(out, progress);
    p.writer.start();
    return p;
  }

  /** Queues an entry: its header, the file whose data follows it (or null), and a marker after it (or null). */
  void put(TarEntry header, Path data, TarEntry opaque) throws IOException {
    enqueue(new Step(header, data, opaque));
  }

  private void enqueue(Step s) throws IOException {
    try {
      while (!queue.offer(s, 50, TimeUnit.MILLISECONDS)) {
        rethrowFailure();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("export interrupted");
    }
    rethrowFailure();
  }

  /** Waits until the writer has written every queued entry; throws what it failed with. */
  void finish() throws IOException {
    enqueue(END);
    join();
    rethrowFailure();
  }

  /** Stops the writer if {@link #finish} was not reached (the walk failed or was cancelled). */
  @Override
  public void close() throws IOException {
    if (writer.isAlive()) {
      abandoned = true;
      queue.clear();
      queue.offer(END);
      join();
    }
  }

  private void join() throws IOException {
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("export interrupted");
    }
  }

  private void drain() {
    long entries = 0;
    try {
      for (Step s = queue.take(); s != END && !abandoned; s = queue.take()) {
        out.writeHeader(s.header);
        if (s.data != null) {
          out.writeFile(s.header, s.data);
        }
        if (s.opaque != null) {
          out.writeHeader(s.opaque);
        }
        progress.update(out.written(), ++entries);
      }
    } catch (Throwable t) {
      failure = t;
      queue.clear();
    }
  }

  private void rethrowFailure() throws IOException {
    Throwable t = failure;
    if (t == null) {
      return;
    }
    if (t instanceof IOException e) {
      throw e;
    }
    if (t instanceof UncheckedIOException e) {
      throw e.getCause();
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IOException(t);
  }
}
