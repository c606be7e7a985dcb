package dev.ovl.archive;

import dev.ovl.natives.TreeReader;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the entries of an export from the walking thread (readdir, stat, open, xattrs) to a writer thread
 * (headers, file data, close), so that the two halves of the per-file work overlap. Entries keep their order. A
 * queued entry owns its file descriptor: the writer closes it, or {@link #close} does when the export stops.
 */
final class TarPipe implements AutoCloseable {
  private record Step(TarEntry header, byte[] data, int fd, TarEntry opaque) {}

  private static final Step END = new Step(null, null, -1, null);

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

  /**
   * Queues an entry: its header, the NUL-terminated path of the file whose data follows it (or null), a descriptor
   * to read that data from and close (or -1; taken over even when this throws), and a marker after it (or null).
   */
  void put(TarEntry header, byte[] data, int fd, TarEntry opaque) throws IOException {
    Step s = new Step(header, data, fd, opaque);
    try {
      while (!queue.offer(s, 50, TimeUnit.MILLISECONDS)) {
        rethrowFailure();
      }
    } catch (InterruptedException e) {
      closeFd(s);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("export interrupted");
    } catch (IOException | RuntimeException | Error e) {
      closeFd(s);
      throw e;
    }
    rethrowFailure(); // queued: close() drains it
  }

  /** Waits until the writer has written every queued entry; throws what it failed with. */
  void finish() throws IOException {
    try {
      while (!queue.offer(END, 50, TimeUnit.MILLISECONDS)) {
        rethrowFailure();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("export interrupted");
    }
    join();
    rethrowFailure();
  }

  /** Stops the writer if {@link #finish} was not reached, and closes the descriptors of unwritten entries. */
  @Override
  public void close() throws IOException {
    if (writer.isAlive()) {
      abandoned = true;
      queue.offer(END); // the writer takes at least this step, so a full queue leaves room
      join();
    }
    for (Step s = queue.poll(); s != null; s = queue.poll()) {
      closeFd(s);
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
      for (Step s = queue.take(); s != END; s = queue.take()) {
        if (abandoned) {
          closeFd(s); // close() closes the rest
          return;
        }
        try {
          out.writeHeader(s.header);
          if (s.data != null) {
            out.writeFile(s.header, s.data, s.fd);
          }
        } finally {
          closeFd(s);
        }
        if (s.opaque != null) {
          out.writeHeader(s.opaque);
        }
        progress.update(out.written(), ++entries);
      }
    } catch (Throwable t) {
      failure = t;
    }
  }

  private static void closeFd(Step s) {
    if (s.fd >= 0) {
      TreeReader.close(s.fd);
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
