package dev.ovl.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One of containers/storage's lock files ({@code layers.lock}, {@code storage.lock}...): an fcntl lock on the
 * whole file, shared to read and exclusive to change, and the 64-byte "last writer" token that a writer stores
 * at its start so that other processes reload what changed.
 */
public final class StoreLock implements AutoCloseable {
  /** Bytes of the last-writer token: time, counter, pid, then random bytes, as containers/storage writes it. */
  static final int LAST_WRITER_SIZE = 64;
  private static final long POLL_MILLIS = 20;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong COUNTER = new AtomicLong();
  /** fcntl locks belong to the process: threads of this JVM take turns on a file before asking the kernel. */
  private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

  private final Path file;
  private final boolean exclusive;
  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(Path file, boolean exclusive, ReentrantLock local, FileChannel channel, FileLock lock) {
    this.file = file;
    this.exclusive = exclusive;
    this.local = local;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on {@code file} (created 0644 if missing), waiting up to {@code timeout}; a store still busy
   * then throws {@link StoreBusyException}.
   */
  public static StoreLock acquire(Path file, boolean exclusive, Duration timeout) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    long deadline = System.nanoTime() + timeout.toNanos();
    ReentrantLock local = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
    try {
      if (!local.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new StoreBusyException(key, timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for " + key);
    }
    FileChannel ch = null;
    try {
      Files.createDirectories(key.getParent());
      // a shared fcntl lock needs a readable fd, an exclusive one a writable fd: open for both
      ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      while (true) {
        // Long.MAX_VALUE is passed to fcntl as l_len 0: the whole file, as containers/storage locks it
        FileLock l = ch.tryLock(0, Long.MAX_VALUE, !exclusive);
        if (l != null) {
          return new StoreLock(key, exclusive, local, ch, l);
        }
        if (System.nanoTime() > deadline) {
          throw new StoreBusyException(key, timeout);
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      local.unlock();
      throw e;
    } catch (InterruptedException e) {
      closeQuietly(ch);
      local.unlock();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for " + key);
    }
  }

  public Path file() {
    return file;
  }

  public boolean exclusive() {
    return exclusive;
  }

  /** Records a new last writer, so that containers/storage processes notice the change and reload. */
  public void touch() throws IOException {
    if (!exclusive) {
      throw new IllegalStateException("touching " + file + " needs the exclusive lock");
    }
    channel.write(ByteBuffer.wrap(newLastWriter()), 0);
    channel.force(false);
  }

  /** The last-writer token now in the file (empty if nobody wrote one). */
  public byte[] lastWriter() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(LAST_WRITER_SIZE);
    while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
      // keep reading
    }
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  static byte[] newLastWriter() {
    ByteBuffer b = ByteBuffer.allocate(LAST_WRITER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L);
    b.putLong(COUNTER.incrementAndGet());
    b.putInt((int) ProcessHandle.current().pid());
    byte[] rest = new byte[LAST_WRITER_SIZE - 20];
    RANDOM.nextBytes(rest);
    b.put(rest);
    return b.array();
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      closeQuietly(channel);
      local.unlock();
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing left to release
      }
    }
  }
}
