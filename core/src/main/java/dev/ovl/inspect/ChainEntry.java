package dev.ovl.inspect;

import java.nio.file.Path;

/**
 * One level of a layer's chain, top to bottom.
 *
 * @param kind UPPER for the layer's {@code diff}, DIFF_N for a {@code diffN} dir, LOWER for a {@code lower} entry
 * @param label {@code diff}, {@code diff1} or {@code l/NAME}
 * @param path the directory (for a lower: the link in {@code l/})
 * @param layer the layer this level belongs to (for a lower: the link's owner, else the layer it points at)
 * @param state OK for the layer's own dirs when present, MISSING when absent; a lower's link state otherwise
 * @param note what is wrong, in words; empty when OK
 */
public record ChainEntry(Kind kind, String label, Path path, String layer, LinkState state, String note) {
  /** Where a level comes from. */
  public enum Kind { UPPER, DIFF_N, LOWER }
}
