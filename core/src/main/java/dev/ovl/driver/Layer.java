package dev.ovl.driver;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the disk says about one layer directory.
 *
 * @param id the layer id (its directory name)
 * @param dir the layer dir, in the home or in an additional image store
 * @param link the contents of its {@code link} file, if present
 * @param lowers the entries of its {@code lower} file, nearest parent first ({@code l/NAME}); empty for a base
 * @param diffDirs {@code diff} followed by any {@code diff1}, {@code diff2}... left by UpdateLayerIDMap
 * @param mounted whether {@code merged} is an overlay mount point now
 */
public record Layer(String id, Path dir, Optional<String> link, List<String> lowers, List<Path> diffDirs,
    boolean mounted) {
  public Layer {
    lowers = List.copyOf(lowers);
    diffDirs = List.copyOf(diffDirs);
  }

  /** Number of lowers: 0 for a base layer. */
  public int depth() {
    return lowers.size();
  }

  /** The link name of the nearest parent, from the first {@code lower} entry. */
  public Optional<String> parentLink() {
    return lowers.isEmpty() ? Optional.empty() : Optional.of(lowers.get(0).substring(lowers.get(0).indexOf('/') + 1));
  }
}
