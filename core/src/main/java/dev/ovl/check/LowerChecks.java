package dev.ovl.check;

import dev.ovl.check.RepairStep.Action;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every layer's {@code lower} file against what it must be: the link names of its parent chain from layers.json
 * nearest parent first. A layer layers.json does not know has no chain to compare with: containers/storage keeps
 * no other record of a layer's parents (no version up to container-libs 2026-04 writes a {@code lower-layers}
 * file), so its {@code lower} is left alone.
 */
final class LowerChecks {
  static final int MAX_DEPTH = 128;

  private LowerChecks() {}

  /** {@code chains}: layer id to its ancestors nearest first (null when unknown: parent missing or a cycle). */
  static void run(StoreScan scan, LinkNames names, List<String> order, Map<String, List<String>> chains,
      List<Draft> out) {
    Set<String> known = LinkChecks.known(scan, names);
    for (String id : order) {
      StoreScan.LayerDir dir = scan.dirs.get(id);
      List<String> chain = chains.get(id);
      if (chain == null) {
        continue; // an orphan or a broken parent chain: raised elsewhere, nothing to compare with
      }
      String expected = join(chain, names.fin);
      String expectedToday = chain.stream().allMatch(names.disk::containsKey) ? join(chain, names.disk) : null;
      String text = dir.lower();
      String actual = text == null ? "" : text.strip();
      Path file = dir.dir().resolve("lower");
      Code code = classify(id, chain, actual, text, names, known);
      if (code == null && actual.equals(expected)) {
        continue;
      }
      RepairStep fix = expected.isEmpty()
          ? RepairStep.of(Action.REMOVE_PATH, file, text, "", "remove " + id + "/lower (a base layer has none)")
          : RepairStep.of(Action.WRITE_FILE, file, text, expected, "write " + id + "/lower from the parent chain");
      if (code == null && actual.equals(expectedToday)) {
        Draft owner = nearestRenamed(chain, names);
        if (owner != null) {
          owner.step(fix.withDescription("rewrite " + id + "/lower for the new link name"));
          continue;
        }
      }
      Draft d = new Draft(code == null ? Code.LOWER_MISMATCH : code, id, message(code, id, chain.size()))
          .evidence(file + (text == null ? " does not exist" : " = \"" + LinkNames.printable(actual) + "\""))
          .evidence("expected from the parent chain: \"" + expected + "\"");
      if (chain.size() <= MAX_DEPTH) {
        d.step(fix);
      } else {
        d.advice("the parent chain itself is " + chain.size() + " deep: the layer cannot be mounted by "
            + "containers/storage; flatten the image (podman build --squash) and remove it");
      }
      out.add(d);
    }
  }

  private static Code classify(String id, List<String> chain, String actual, String text, LinkNames names,
      Set<String> known) {
    if (actual.isEmpty()) {
      return chain.isEmpty() ? null : Code.LOWER_EMPTY;
    }
    String[] entries = actual.split(":", -1);
    for (String e : entries) {
      if (!e.startsWith("l/") || !LinkNames.valid(e.substring(2))) {
        return Code.LOWER_MALFORMED;
      }
    }
    if (entries.length > MAX_DEPTH) {
      return Code.LOWER_TOO_DEEP;
    }
    Set<String> seen = new HashSet<>();
    boolean unknown = false;
    for (String e : entries) {
      String name = e.substring(2);
      if (!seen.add(name) || name.equals(names.fin.get(id))) {
        return Code.LOWER_CYCLE;
      }
      unknown |= !known.contains(name);
    }
    return unknown ? Code.LOWER_UNKNOWN_LINK : null;
  }

  private static String message(Code code, String id, int depth) {
    if (code == null) {
      return "layer " + id + ": lower disagrees with its parent chain in layers.json";
    }
    return "layer " + id + ": " + switch (code) {
      case LOWER_EMPTY -> "lower is missing or empty, but the layer has " + depth + " parent(s)";
      case LOWER_MALFORMED -> "lower has an entry that is not l/<name>";
      case LOWER_CYCLE -> "lower names a link twice or names the layer itself";
      case LOWER_TOO_DEEP -> "lower lists more than " + MAX_DEPTH + " layers";
      default -> "lower names a link that no layer has";
    };
  }

  private static Draft nearestRenamed(List<String> chain, LinkNames names) {
    for (String ancestor : chain) {
      if (names.renamed.containsKey(ancestor) && !names.fin.get(ancestor).equals(names.disk.get(ancestor))) {
        return names.renamed.get(ancestor);
      }
    }
    return null;
  }

  private static String join(List<String> chain, Map<String, String> name) {
    List<String> parts = new ArrayList<>();
    chain.forEach(a -> parts.add("l/" + name.get(a)));
    return String.join(":", parts);
  }
}
