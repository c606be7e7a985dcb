package dev.ovl.work;

/**
 * Receives the running totals of a long operation (apply, export, changes, update-id-map, check, repair). Called
 * from the working thread; implementations must be cheap and thread-safe.
 */
@FunctionalInterface
public interface Progress {
  /** Ignores every update. */
  Progress NONE = (bytes, entries) -> {};

  /** {@code bytes} and {@code entries} done so far. */
  void update(long bytes, long entries);
}
