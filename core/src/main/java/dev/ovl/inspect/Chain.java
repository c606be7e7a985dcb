package dev.ovl.inspect;

import dev.ovl.driver.Layer;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer's chain as a read-only report: its upper, its {@code diffN} dirs and every lower through its
 * {@code l/} link, with the mount data a read-write Get would pass and how that compares to the page size.
 */
public record Chain(String id, List<ChainEntry> entries, String mountData, int pageSize) {
  public Chain {
    entries = List.copyOf(entries);
  }

  /** Reads the chain of {@code id}; changes nothing (a real Get would first recreate missing links). */
  public static Chain of(OverlayDriver d, Links links, String id) throws IOException {
    Layer layer = d.layer(id);
    List<ChainEntry> out = new ArrayList<>();
    List<String> lowerDirs = new ArrayList<>();
    Path diff = layer.dir().resolve("diff");
    out.add(own(ChainEntry.Kind.UPPER, "diff", diff, id));
    for (Path p : layer.diffDirs().subList(1, layer.diffDirs().size())) {
      out.add(own(ChainEntry.Kind.DIFF_N, p.getFileName().toString(), p, id));
      lowerDirs.add(p.toString());
    }
    for (String entry : layer.lowers()) {
      String name = entry.substring(entry.indexOf('/') + 1);
      LinkRow row = links.get(name);
      Path link = d.home().resolve(entry);
      String who = row.owner() != null ? row.owner() : row.pointsAt();
      out.add(new ChainEntry(ChainEntry.Kind.LOWER, entry, link, who, row.state(), note(row)));
      lowerDirs.add(link.toString());
      if (who != null) {
        for (int n = 1; Files.isDirectory(d.home().resolve(who).resolve("diff" + n)); n++) {
          lowerDirs.add(link + "/../diff" + n);
        }
      }
    }
    if (lowerDirs.isEmpty()) {
      lowerDirs.add(layer.dir().resolve("empty").toString());
    }
    List<String> parts = new ArrayList<>();
    if (!d.options().mountOptions().isEmpty()) {
      parts.add(d.options().mountOptions());
    }
    parts.add("lowerdir=" + String.join(":", lowerDirs) + ",upperdir=" + diff + ",workdir="
        + layer.dir().resolve("work"));
    return new Chain(id, out, String.join(",", parts), Syscalls.pageSize());
  }

  private static ChainEntry own(ChainEntry.Kind kind, String label, Path p, String id) {
    boolean ok = Files.isDirectory(p);
    return new ChainEntry(kind, label, p, id, ok ? LinkState.OK : LinkState.MISSING, ok ? "" : p + " is missing");
  }

  private static String note(LinkRow r) {
    return switch (r.state()) {
      case OK -> "";
      case MISSING -> "l/" + r.name() + " does not exist" + (r.owner() == null ? " and no layer's link file names it"
          : "; layer " + r.owner() + " names it, so recreate-links can restore it");
      case DANGLING -> "points at " + r.target() + ", which does not exist";
      case WRONG_LAYER -> "points at layer " + r.pointsAt() + " but layer " + r.owner() + " owns this link";
      case ORPHAN -> "points at layer " + r.pointsAt() + ", whose link file names another link";
      case MALFORMED -> "is not a symlink to ../<id>/diff: " + r.target();
    };
  }

  /** True if every level is OK. */
  public boolean ok() {
    return entries.stream().allMatch(e -> e.state() == LinkState.OK);
  }

  /** True if the data fits a page; if not, Get mounts from inside the home with relative lowers. */
  public boolean fitsPage() {
    return mountData.length() <= pageSize;
  }
}
