package dev.ovl.inspect;

/**
 * One row of the {@code l/} table.
 *
 * @param name the link name
 * @param target the symlink's target text, empty when missing
 * @param owner the layer whose {@code link} file names this link, or null
 * @param pointsAt the layer id the target names, or null
 */
public record LinkRow(String name, String target, String owner, String pointsAt, LinkState state) {}
