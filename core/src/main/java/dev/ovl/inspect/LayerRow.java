package dev.ovl.inspect;

import java.util.List;

/**
 * One layer for the inspector's forest.
 *
 * @param parent the parent layer found through the first {@code lower} entry, or null for a base (or lost) parent
 * @param names image tags and container names from the store metadata; empty when the store has none
 * @param diffSize bytes of regular files in its {@code diff} dirs
 * @param chainOk every lower resolves through an OK {@code l/} link
 * @param problem what the disk does not say, or null
 */
public record LayerRow(String id, String parent, String link, int depth, long diffSize, boolean mounted,
    int mountCount, List<String> names, boolean chainOk, String problem) {
  public LayerRow {
    names = List.copyOf(names);
  }

  /** The first 12 characters of the id, as podman prints them. */
  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
