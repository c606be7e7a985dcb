package dev.ovl.gui.model;

import dev.ovl.inspect.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last few stores opened, newest first, one "root TAB run root" line each in {@code recent-stores} of the
 * inspector's config dir. A list that cannot be read or written is logged and treated as empty; it never stops
 * the inspector.
 */
public final class RecentStores {
  private static final Logger log = LoggerFactory.getLogger(RecentStores.class);
  private static final int MAX = 8;
  static final String FILE = "recent-stores";

  /** One remembered store, and whether it still holds an overlay home. */
  public record Entry(Path root, Path runRoot, boolean present) {}

  private final Path file;

  private RecentStores(Path file) {
    this.file = file;
  }

  /** The list kept in {@code dir}. */
  public static RecentStores in(Path dir) {
    return new RecentStores(dir.resolve(FILE));
  }

  /** The user's list, in {@link #configDir}. */
  public static RecentStores user() {
    return in(configDir(System.getProperties().getProperty("ovl.config.dir"), System.getenv()));
  }

  /**
   * The config dir: {@code -Dovl.config.dir}, else {@code $OVL_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/ovl},
   * else {@code ~/.config/ovl}.
   */
  static Path configDir(String property, Map<String, String> env) {
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    if (env.get("OVL_CONFIG_DIR") != null && !env.get("OVL_CONFIG_DIR").isBlank()) {
      return Path.of(env.get("OVL_CONFIG_DIR"));
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    return xdg != null && xdg.startsWith("/") ? Path.of(xdg, "ovl")
        : Path.of(System.getProperty("user.home"), ".config", "ovl");
  }

  public Path file() {
    return file;
  }

  /** The remembered stores, newest first; each says whether it is still there. */
  public List<Entry> list() {
    List<Entry> out = new ArrayList<>();
    for (String[] f : lines()) {
      Path root = Path.of(f[0]);
      out.add(new Entry(root, Path.of(f[1]), Host.hasStore(root)));
    }
    return out;
  }

  private List<String[]> lines() {
    List<String[]> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t");
        if (f.length == 2 && f[0].startsWith("/") && f[1].startsWith("/")) {
          out.add(f);
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException | RuntimeException e) {
      log.warn("cannot read the recent stores list {}: {}", file, e.getMessage());
    }
    return out;
  }

  /** Puts the store first, dropping an older entry for the same root and any beyond the eighth. */
  public void add(Path root, Path runRoot) {
    if (root.toString().contains("\n") || runRoot.toString().contains("\n")) {
      return;
    }
    List<String> out = new ArrayList<>();
    out.add(root.toAbsolutePath() + "\t" + runRoot.toAbsolutePath());
    for (String[] f : lines()) {
      if (!f[0].equals(root.toAbsolutePath().toString()) && out.size() < MAX) {
        out.add(f[0] + "\t" + f[1]);
      }
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
      try {
        Files.write(tmp, out, StandardCharsets.UTF_8);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("cannot write the recent stores list {}: {}", file, e.getMessage());
    }
  }
}
