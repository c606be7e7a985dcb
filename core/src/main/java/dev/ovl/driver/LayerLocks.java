package dev.ovl.driver;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** One lock per layer id, dropped when nobody holds or waits for it (containers/storage's locker). */
final class LayerLocks {
  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users;
  }

  private final Map<String, Entry> locks = new HashMap<>();

  /** Locks {@code id}; close the returned handle to unlock. */
  Held lock(String id) {
    Entry e;
    synchronized (locks) {
      e = locks.computeIfAbsent(id, k -> new Entry());
      e.users++;
    }
    e.lock.lock();
    return () -> {
      e.lock.unlock();
      synchronized (locks) {
        if (--e.users == 0) {
          locks.remove(id);
        }
      }
    };
  }

  /** A held layer lock. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }
}
