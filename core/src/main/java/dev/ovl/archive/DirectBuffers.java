package dev.ovl.archive;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers by power-of-two size, reused across files: allocating and zeroing one per file would cost about
 * as much as writing it. Each size keeps at most 8 MiB of idle buffers.
 */
final class DirectBuffers {
  private static final int MIN_SHIFT = 12;
  private static final int IDLE_BYTES_PER_SIZE = 8 << 20;
  private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

  private final Queue<ByteBuffer>[] idle;

  @SuppressWarnings("unchecked")
  DirectBuffers(int maxSize) {
    idle = new Queue[shift(maxSize) - MIN_SHIFT + 1];
    for (int i = 0; i < idle.length; i++) {
      idle[i] = new ArrayBlockingQueue<>(Math.max(1, IDLE_BYTES_PER_SIZE >> (MIN_SHIFT + i)));
    }
  }

  /** A cleared buffer whose limit is {@code size}. */
  ByteBuffer take(int size) {
    if (size == 0) {
      return EMPTY.duplicate();
    }
    int s = shift(size);
    ByteBuffer b = idle[s - MIN_SHIFT].poll();
    if (b == null) {
      b = ByteBuffer.allocateDirect(1 << s);
    }
    return b.clear().limit(size);
  }

  /** Returns a buffer from {@link #take} for reuse. */
  void give(ByteBuffer b) {
    if (b.capacity() == 0) {
      return;
    }
    idle[shift(b.capacity()) - MIN_SHIFT].offer(b); // dropped when that size already keeps enough
  }

  private static int shift(int size) {
    return Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(size - 1));
  }
}
