package dev.ovl.inspect;

/** How an entry of a layer's {@code diff} changes what its parent shows. */
public enum Change {
  ADDED, MODIFIED, DELETED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
