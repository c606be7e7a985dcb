package dev.ovl.check;

import dev.ovl.check.RepairStep.Action;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides every layer's link name as it will be after repair: its link file when that is sound and its own,
 * else the l/ entry that points at it, else the name its children's lower files use, else a fresh name.
 * Raises LINK_FILE_* and LINK_SHARED on the way.
 */
final class LinkNames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The name on disk now (valid link file), per layer; absent if the link file is not sound. */
  final Map<String, String> disk = new HashMap<>();
  /** The name after repair, per layer dir. */
  final Map<String, String> fin = new HashMap<>();
  /** Drafts of layers whose name changes (or whose link file is rewritten), by layer id. */
  final Map<String, Draft> renamed = new LinkedHashMap<>();

  static boolean valid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  static String fresh() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 26; i++) {
      b.append(BASE32[RANDOM.nextInt(32)]);
    }
    return b.toString();
  }

  /** {@code order}: layer dir ids, layers.json order first; {@code childLowers}: id to its children's lowers. */
  static LinkNames decide(StoreScan scan, List<String> order, Map<String, List<String>> childFirstLowers,
      List<Draft> out) {
    LinkNames n = new LinkNames();
    Map<String, List<String>> pointing = new HashMap<>();
    scan.links.values().forEach(e -> {
      if (e.targetLayer() != null) {
        pointing.computeIfAbsent(e.targetLayer(), k -> new ArrayList<>()).add(e.name());
      }
    });
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (String id : order) {
      String text = scan.dirs.get(id).link();
      if (text != null && valid(text.strip())) {
        n.disk.put(id, text.strip());
        byName.computeIfAbsent(text.strip(), k -> new ArrayList<>()).add(id);
      }
    }
    for (Map.Entry<String, List<String>> e : byName.entrySet()) {
      List<String> ids = e.getValue();
      String owner = ids.get(0);
      StoreScan.LinkEntry entry = scan.links.get(e.getKey());
      if (entry != null && ids.contains(entry.targetLayer())) {
        owner = entry.targetLayer();
      }
      n.fin.put(owner, e.getKey());
      for (String id : ids) {
        if (!id.equals(owner)) {
          String name = n.ownEntry(pointing.getOrDefault(id, List.of()), byName);
          boolean generated = name == null;
          name = generated ? fresh() : name;
          n.fin.put(id, name);
          Draft d = new Draft(Code.LINK_SHARED, id, "layer " + id + " shares link name " + e.getKey()
              + " with layer " + owner);
          d.evidence(linkFile(scan, id) + " = " + e.getKey()).evidence(linkFile(scan, owner) + " = " + e.getKey());
          n.rename(scan, d, id, e.getKey(), name, generated);
          out.add(d);
        }
      }
    }
    for (String id : order) {
      if (n.fin.containsKey(id)) {
        continue;
      }
      String text = scan.dirs.get(id).link();
      Code code = text == null ? Code.LINK_FILE_MISSING : text.isBlank() ? Code.LINK_FILE_EMPTY
          : Code.LINK_FILE_MALFORMED;
      String name = null;
      String source = "";
      for (String candidate : pointing.getOrDefault(id, List.of())) {
        if (valid(candidate) && !n.fin.containsValue(candidate)) {
          name = candidate;
          source = "from l/" + candidate + ", which points at it";
          break;
        }
      }
      for (String candidate : childFirstLowers.getOrDefault(id, List.of())) {
        if (name == null && valid(candidate) && !n.fin.containsValue(candidate)) {
          name = candidate;
          source = "from its children's lower files";
        }
      }
      boolean generated = name == null;
      if (generated) {
        name = fresh();
        source = "a new name: no l/ entry or child names it";
      }
      n.fin.put(id, name);
      Draft d = new Draft(code, id, "layer " + id + ": link file is " + switch (code) {
        case LINK_FILE_MISSING -> "missing";
        case LINK_FILE_EMPTY -> "empty";
        default -> "malformed";
      });
      d.evidence(linkFile(scan, id) + (text == null ? " does not exist" : " = \"" + printable(text) + "\""));
      n.rename(scan, d, id, text, name, !source.startsWith("from l/"));
      d.advice("write link file " + name + " (" + source + ")" + (source.startsWith("from l/") ? ""
          : " and create l/" + name));
      out.add(d);
    }
    return n;
  }

  /** The first of {@code candidates} (l/ entries pointing at a layer) that no link file or decision claims. */
  private String ownEntry(List<String> candidates, Map<String, List<String>> claimed) {
    for (String c : candidates) {
      if (valid(c) && !claimed.containsKey(c) && !fin.containsValue(c)) {
        return c;
      }
    }
    return null;
  }

  private void rename(StoreScan scan, Draft d, String id, String old, String name, boolean createLink) {
    Path dir = scan.dirs.get(id).dir();
    d.step(RepairStep.of(Action.WRITE_FILE, dir.resolve("link"), old, name, "write " + id + "/link = " + name));
    if (createLink && scan.linkDirState == StoreScan.LinkDirState.DIR) {
      d.step(RepairStep.of(Action.SYMLINK, scan.paths.home().resolve("l").resolve(name), "", target(id),
          "create l/" + name + " -> " + target(id)));
    }
    renamed.put(id, d);
  }

  static String target(String id) {
    return "../" + id + "/diff";
  }

  private static Path linkFile(StoreScan scan, String id) {
    return scan.dirs.get(id).dir().resolve("link");
  }

  static String printable(String s) {
    String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    StringBuilder b = new StringBuilder();
    t.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }
}
