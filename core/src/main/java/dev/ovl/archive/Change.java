package dev.ovl.archive;

/** One change of a layer against its parent: a path (absolute inside the layer, "/etc/x") and its kind. */
public record Change(String path, Kind kind) {
  /** Add, modify or delete, printed as Go prints them: A, C, D. */
  public enum Kind {
    ADD("A"), MODIFY("C"), DELETE("D");

    private final String letter;

    Kind(String letter) {
      this.letter = letter;
    }

    public String letter() {
      return letter;
    }
  }

  @Override
  public String toString() {
    return kind.letter + " " + path;
  }
}
