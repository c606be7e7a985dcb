package dev.ovl.driver;

import dev.ovl.work.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Resolution of {@code lower} entries through {@code l/} links, in the home and in additional image stores. */
final class LowerLinks {
  private static final Logger log = LoggerFactory.getLogger(LowerLinks.class);

  private final OverlayDriver d;

  LowerLinks(OverlayDriver d) {
    this.d = d;
  }

  /** A lower resolved through its link: the link path used in mount data and the diff dir it points at. */
  record Resolved(Path link, Path diff, boolean inHome) {}

  /**
   * Resolves {@code l/NAME} in the home or an image store; if it is missing everywhere, recreates the links once
   * (the reference's recovery after an unclean reboot) and tries again. A link that points anywhere but
   * {@code ../<id>/diff} is refused, never followed.
   */
  Resolved resolve(String entry) throws IOException {
    Optional<Resolved> r = findLowerLink(entry);
    if (r.isEmpty()) {
      log.warn("Can't stat lower layer \"{}\" because it does not exist. Going through storage to recreate the "
          + "missing symlinks.", d.home().resolve(entry));
      LinkReport report = d.recreateSymlinks();
      report.problems().forEach(p -> log.warn("recreating links: {}", p));
      r = findLowerLink(entry);
    }
    return r.orElseThrow(() -> new NoSuchFileException(d.home().resolve(entry).toString(), null,
        "Can't stat lower layer: no layer has link " + entry.substring(2)));
  }

  private Optional<Resolved> findLowerLink(String entry) throws IOException {
    List<Path> bases = new ArrayList<>(List.of(d.home()));
    d.options().imageStores().forEach(s -> bases.add(s.resolve("overlay")));
    for (Path base : bases) {
      Path link = base.resolve(entry);
      String target = LayerFiles.readlinkOrNull(link);
      if (target == null) {
        continue;
      }
      String[] parts = target.split("/");
      if (parts.length != 3 || !parts[0].equals("..") || !parts[2].equals("diff")) {
        throw new IOException(link + " points at " + Text.quote(target) + ", not ../<id>/diff; run ovl check");
      }
      LayerIds.check(parts[1]);
      Path diff = base.resolve(parts[1]).resolve("diff");
      if (Files.isDirectory(diff)) {
        return Optional.of(new Resolved(link, diff, base.equals(d.home())));
      }
    }
    return Optional.empty();
  }
}
