package dev.ovl.inspect;

/**
 * One entry of a layer's {@code diff} dir.
 *
 * @param path relative to {@code diff}, with '/' separators (for a whiteout: the path it deletes)
 * @param type what is on disk
 * @param size bytes of a regular file, else 0
 * @param opaque an opaque dir: it hides everything below it in the lowers
 * @param change what it does to the parent's view
 * @param linkTarget a symlink's target, else empty
 */
public record DiffEntry(String path, Type type, long size, boolean opaque, Change change, String linkTarget) {
  /** The kinds of entry a {@code diff} holds. */
  public enum Type { DIR, FILE, SYMLINK, WHITEOUT, DEVICE, FIFO, SOCKET }

  /** The last path element. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
