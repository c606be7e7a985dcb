package dev.ovl.inspect;

import dev.ovl.driver.Layer;
import dev.ovl.driver.OverlayDriver;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A read-only scan of the home's {@code l/} directory against every layer's {@code link} file. */
public final class Links {
  private final List<LinkRow> rows;
  private final Map<String, LinkRow> byName = new HashMap<>();

  private Links(List<LinkRow> rows) {
    this.rows = List.copyOf(rows);
    rows.forEach(r -> byName.putIfAbsent(r.name(), r));
  }

  /** Scans {@code l/} and the layers' {@code link} files; changes nothing. */
  public static Links scan(OverlayDriver d) throws IOException {
    Map<String, String> ownerByLink = new HashMap<>();
    for (String id : d.listLayers()) {
      try {
        d.layer(id).link().ifPresent(link -> ownerByLink.putIfAbsent(link, id));
      } catch (IOException e) {
        // a layer that cannot be read owns no link; its own row shows the problem
      }
    }
    List<LinkRow> rows = new ArrayList<>();
    Path dir = d.home().resolve("l");
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          String name = p.getFileName().toString();
          rows.add(row(d, p, name, ownerByLink.get(name)));
        }
      }
    }
    for (Map.Entry<String, String> e : ownerByLink.entrySet()) {
      if (!Files.exists(dir.resolve(e.getKey()), LinkOption.NOFOLLOW_LINKS)) {
        rows.add(new LinkRow(e.getKey(), "", e.getValue(), null, LinkState.MISSING));
      }
    }
    rows.sort(Comparator.comparing(LinkRow::name));
    return new Links(rows);
  }

  private static LinkRow row(OverlayDriver d, Path p, String name, String owner) throws IOException {
    if (!Files.isSymbolicLink(p)) {
      return new LinkRow(name, "(not a symlink)", owner, null, LinkState.MALFORMED);
    }
    String target;
    try {
      target = Files.readSymbolicLink(p).toString();
    } catch (NoSuchFileException e) {
      return new LinkRow(name, "", owner, null, LinkState.MISSING);
    }
    String[] parts = target.split("/");
    if (parts.length != 3 || !parts[0].equals("..") || !parts[2].equals("diff") || parts[1].isEmpty()) {
      return new LinkRow(name, target, owner, null, LinkState.MALFORMED);
    }
    String pointsAt = parts[1];
    LinkState state;
    if (!Files.isDirectory(d.home().resolve(pointsAt).resolve("diff"))) {
      state = LinkState.DANGLING;
    } else if (owner == null) {
      state = LinkState.ORPHAN;
    } else if (!owner.equals(pointsAt)) {
      state = LinkState.WRONG_LAYER;
    } else {
      state = LinkState.OK;
    }
    return new LinkRow(name, target, owner, pointsAt, state);
  }

  public List<LinkRow> rows() {
    return rows;
  }

  /** The row for link {@code name}; a name nobody owns and {@code l/} lacks is MISSING with no owner. */
  public LinkRow get(String name) {
    return Optional.ofNullable(byName.get(name))
        .orElse(new LinkRow(name, "", null, null, LinkState.MISSING));
  }

  /** The layer whose {@code link} file names {@code name}, or null. */
  public String owner(String name) {
    LinkRow r = byName.get(name);
    return r == null ? null : r.owner();
  }

  /** True if every lower entry of {@code layer} is an OK link. */
  public boolean chainOk(Layer layer) {
    return layer.lowers().stream().allMatch(e -> get(e.substring(e.indexOf('/') + 1)).state() == LinkState.OK);
  }
}
