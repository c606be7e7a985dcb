package dev.ovl.check;

/**
 * One change that {@code ovl repair} proposes: what it does to which path, the contents before and after (for
 * files and links), and whether it needs {@code --force} (deleting a layer, editing the store's JSON).
 *
 * @param action what kind of change
 * @param path the file, link, directory or JSON file changed
 * @param id the layer, image or container id a JSON edit is about; empty otherwise
 * @param oldContent what is there now (file text, link target), empty if nothing
 * @param newContent what will be there (file text, link target, mount count), empty for removals
 * @param needsForce true if the step deletes a layer or edits JSON
 * @param description one line for people
 */
public record RepairStep(Action action, String path, String id, String oldContent, String newContent,
    boolean needsForce, String description) {
  /** The kinds of change, in the order a plan applies them. */
  public enum Action {
    UNMOUNT,
    UNDO_ID_MAP,
    UNDO_APPLY,
    REMOVE_PATH,
    MKDIR,
    WRITE_FILE,
    SYMLINK,
    REMOVE_LAYER,
    REMOVE_ENTRY,
    SET_MOUNT_COUNT
  }

  RepairStep withDescription(String d) {
    return new RepairStep(action, path, id, oldContent, newContent, needsForce, d);
  }

  static RepairStep of(Action action, java.nio.file.Path path, String oldContent, String newContent,
      String description) {
    return new RepairStep(action, path.toString(), "", nz(oldContent), nz(newContent),
        action == Action.REMOVE_LAYER, description);
  }

  static RepairStep json(Action action, java.nio.file.Path file, String id, String oldContent, String newContent,
      String description) {
    return new RepairStep(action, file.toString(), id, nz(oldContent), nz(newContent), true, description);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
