package dev.ovl.inspect;

/** The state of one {@code l/} link, as a mount would find it. */
public enum LinkState {
  /** Points at {@code ../<id>/diff} of the layer whose {@code link} file names it. */
  OK,
  /** A layer's {@code link} file names it, but {@code l/} has no such entry. */
  MISSING,
  /** Points at a layer dir or diff that does not exist. */
  DANGLING,
  /** Points at another layer than the one whose {@code link} file names it. */
  WRONG_LAYER,
  /** Points at an existing layer, but no layer's {@code link} file names it. */
  ORPHAN,
  /** Not a symlink, or its target is not {@code ../<id>/diff}. */
  MALFORMED;

  /** Lower case with spaces, for tables. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
