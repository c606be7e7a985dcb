package dev.ovl.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands an export's filled buffers and big files from the walking thread (readdir, stat, xattrs, headers, small
 * files' data) to a writer thread (writes, sendfile), so that the two halves overlap. Order is kept; a few
 * buffers circulate between the two threads.
 */
final class TarPipe implements AutoCloseable {
  private record Step(ByteBuffer batch, byte[] file, long size, String name) {}

  private static final int BUFFERS = 6;
  private static final Step END = new Step(null, null, 0, null);

  private final BlockingQueue<Step> queue = new ArrayBlockingQueue<>(64);
  private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
  private final TarSink sink;
  private final Thread writer;
  private volatile Throwable failure;
  private volatile boolean abandoned;

  private TarPipe(TarSink sink) {
    this.sink = sink;
    this.writer = new Thread(this::drain, "ovl-tar-writer");
    writer.setDaemon(true);
    for (int i = 0; i < BUFFERS; i++) {
      free.add(ByteBuffer.allocateDirect(TarWriter.BUFFER));
    }
  }

  static TarPipe start(TarSink sink) {
    TarPipe p = new TarPipe(sink);
    p.writer.start();
    return p;
  }

  /** Queues {@code filled} (flipped; null for none) to be written and returns an empty buffer. */
  ByteBuffer swap(ByteBuffer filled) throws IOException {
    try {
      if (filled != null) {
        enqueue(new Step(filled, null, 0, null));
      }
      ByteBuffer b;
      while ((b = free.poll(50, TimeUnit.MILLISECONDS)) == null) {
        rethrowFailure();
      }
      return b;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("export interrupted");
    }
  }

  /** Queues {@code size} bytes of the file at {@code cpath} (NUL-terminated), the data of entry {@code name}. */
  void send(byte[] cpath, long size, String name) throws IOException {
    try {
      enqueue(new Step(null, cpath, size, name));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("export interrupted");
    }
  }

  private void enqueue(Step s) throws IOException, InterruptedException {
    while (!queue.offer(s, 50, TimeUnit.MILLISECONDS)) {
      rethrowFailure();
    }
    rethrowFailure();
  }

  /** Waits until the writer has written everything queued; throws what it failed with. */
  void finish() throws IOException {
    try {
      enqueue(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("export interrupted");
    }
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
    try {
      for (Step s = queue.take(); s != END && !abandoned; s = queue.take()) {
        if (s.batch != null) {
          sink.write(s.batch);
          free.add(s.batch.clear());
        } else {
          sink.send(s.file, s.size, s.name);
        }
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
