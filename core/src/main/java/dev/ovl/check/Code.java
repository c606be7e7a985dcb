package dev.ovl.check;

/** The stable finding codes; docs/CHECKS.md describes each. Never renamed: scripts and the GUI match on them. */
public enum Code {
  L_DIR_MISSING(Severity.ERROR, "the l/ directory of short links is missing"),
  L_DIR_NOT_DIR(Severity.ERROR, "l/ is a symlink or a file, not a directory"),
  LINK_MISSING(Severity.ERROR, "a layer's l/ link is missing"),
  LINK_DANGLING(Severity.WARNING, "an l/ entry points at a layer that no longer exists"),
  LINK_ODD(Severity.WARNING, "an l/ entry is not a symlink to ../<id>/diff, or is a second name for a layer"),
  LINK_WRONG_LAYER(Severity.ERROR, "a layer's l/ link points at another layer (e.g. two links swapped)"),
  LINK_FILE_MISSING(Severity.ERROR, "a layer's link file is missing"),
  LINK_FILE_EMPTY(Severity.ERROR, "a layer's link file is empty"),
  LINK_FILE_MALFORMED(Severity.ERROR, "a layer's link file does not hold a plain link name"),
  LINK_SHARED(Severity.ERROR, "two layers' link files name the same l/ link"),
  LOWER_EMPTY(Severity.ERROR, "a child layer's lower file is missing or empty"),
  LOWER_MALFORMED(Severity.ERROR, "a lower file holds an entry that is not l/<name>"),
  LOWER_UNKNOWN_LINK(Severity.ERROR, "a lower file names a link that no layer has"),
  LOWER_CYCLE(Severity.ERROR, "a lower file (or the parent chain) comes back to the layer itself"),
  LOWER_TOO_DEEP(Severity.ERROR, "a lower file lists more than 128 layers; it cannot be mounted"),
  LOWER_MISMATCH(Severity.ERROR, "a lower file disagrees with the parent chain in layers.json"),
  DIFF_MISSING(Severity.ERROR, "a layer's diff directory is missing: its files are gone"),
  WORK_MISSING(Severity.WARNING, "a layer's work directory is missing"),
  EMPTY_MISSING(Severity.WARNING, "a base layer's empty directory is missing"),
  LAYER_DIR_MISSING(Severity.ERROR, "a layer in layers.json has no directory"),
  LAYER_DIR_ORPHAN(Severity.WARNING, "a layer directory that no layers.json entry accounts for"),
  LAYER_INCOMPLETE(Severity.ERROR, "a layer flagged incomplete: its creation or deletion was interrupted"),
  PARENT_MISSING(Severity.ERROR, "a layer's parent is not in layers.json"),
  IMAGE_LAYER_MISSING(Severity.ERROR, "an image's top layer is gone"),
  CONTAINER_LAYER_MISSING(Severity.ERROR, "a container's layer is gone"),
  MOUNT_NO_USER(Severity.WARNING, "merged is mounted but mountpoints.json counts no user (e.g. left after a crash)"),
  MOUNT_RECORD_STALE(Severity.WARNING, "mountpoints.json counts users of a mount that is not there (e.g. after a reboot)"),
  LEFTOVER_INCOMPAT(Severity.WARNING, "the kernel's work/incompat leftover blocks mounting the layer"),
  LEFTOVER_STAGING(Severity.INFO, "a staging directory left by an interrupted create, apply or remove"),
  HALF_APPLY_STAGED(Severity.INFO, "diff.staging left by an apply-diff killed around its swap"),
  HALF_APPLY_IN_PLACE(Severity.ERROR, "a .ovl-apply-* trash dir in diff: an apply-diff into a non-empty diff was killed"),
  HALF_IDMAP_CHOWN(Severity.ERROR, "idmap.journal: an update-id-map was killed while chowning the layer's files"),
  HALF_IDMAP_ROTATE(Severity.ERROR, "idmap.rotate: an update-id-map was killed while rotating the diff dirs"),
  LEFTOVER_TEMPDIRS(Severity.INFO, "a tempdirs directory left by an interrupted operation"),
  FEATURE_CACHE_STALE(Severity.WARNING, "cached kernel feature probes written before the last boot (kernel may have changed)");

  private final Severity severity;
  private final String summary;

  Code(Severity severity, String summary) {
    this.severity = severity;
    this.summary = summary;
  }

  public Severity severity() {
    return severity;
  }

  /** One line saying what the code means. */
  public String summary() {
    return summary;
  }
}
