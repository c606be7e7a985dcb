package dev.ovl.check;

import dev.ovl.check.RepairStep.Action;
import dev.ovl.store.ImageRecord;
import dev.ovl.store.LayerRecord;
import dev.ovl.store.Store;
import dev.ovl.work.Cancel;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ovl check}: reads a store (under its locks, never changing it) and lists every broken piece as a
 * {@link Finding} with the repair it proposes.
 */
public final class Checker {
  private Checker() {}

  /** Checks {@code store}, opened shared or exclusive by the caller. */
  public static List<Finding> check(Store store, Cancel cancel) throws IOException {
    StoreScan scan = StoreScan.read(store.paths());
    cancel.check();
    Map<String, LayerRecord> records = new HashMap<>();
    store.layers().forEach(r -> records.put(r.id(), r));
    List<String> order = new ArrayList<>();
    store.layers().stream().map(LayerRecord::id).filter(scan.dirs::containsKey).forEach(order::add);
    scan.dirs.keySet().stream().filter(id -> !records.containsKey(id)).forEach(order::add);

    List<Draft> drafts = new ArrayList<>();
    Map<String, List<String>> chains = chains(store, scan, records, drafts);
    Map<String, List<String>> childFirstLowers = new HashMap<>();
    for (LayerRecord r : store.layers()) {
      StoreScan.LayerDir d = scan.dirs.get(r.id());
      if (r.parent().isPresent() && d != null && d.lower() != null && d.lower().strip().startsWith("l/")) {
        childFirstLowers.computeIfAbsent(r.parent().get(), k -> new ArrayList<>())
            .add(d.lower().strip().split(":")[0].substring(2));
      }
    }
    LinkNames names = LinkNames.decide(scan, order, childFirstLowers, drafts);
    LinkChecks.run(scan, names, order, drafts);
    cancel.check();
    LowerChecks.run(scan, names, order, chains, drafts);
    cancel.check();
    LayerChecks.run(scan, store, users(store, scan, names), drafts);
    HalfDoneChecks.run(scan, drafts);
    leftovers(scan, drafts);
    FeatureCacheCheck.run(store.paths().runHome(), drafts);

    Map<String, List<String>> human = store.namesByLayer();
    List<Finding> out = new ArrayList<>();
    for (Draft d : drafts) {
      out.add(d.build(human.getOrDefault(d.layer, List.of())));
    }
    return List.copyOf(out);
  }

  /** Each recorded layer's ancestors, nearest first; null if one is missing or the chain loops. */
  private static Map<String, List<String>> chains(Store store, StoreScan scan, Map<String, LayerRecord> records,
      List<Draft> drafts) {
    Map<String, List<String>> chains = new HashMap<>();
    for (LayerRecord r : store.layers()) {
      List<String> chain = new ArrayList<>();
      Set<String> seen = new HashSet<>(List.of(r.id()));
      String p = r.parent().orElse(null);
      boolean ok = true;
      while (p != null) {
        if (!seen.add(p)) {
          drafts.add(new Draft(Code.LOWER_CYCLE, r.id(), "layer " + r.id() + ": its parent chain in layers.json "
              + "comes back to " + p).evidence("parents: " + String.join(" -> ", chain))
              .advice("none in place: layers.json itself is inconsistent"));
          ok = false;
          break;
        }
        if (!records.containsKey(p) || !scan.dirs.containsKey(p)) {
          ok = false;
          break;
        }
        chain.add(p);
        p = records.get(p).parent().orElse(null);
      }
      chains.put(r.id(), ok ? chain : null);
    }
    return chains;
  }

  /** Layers something depends on: parents, image top layers, container layers, and links used by lowers. */
  private static Set<String> users(Store store, StoreScan scan, LinkNames names) {
    Set<String> users = new HashSet<>();
    store.layers().forEach(r -> r.parent().ifPresent(users::add));
    for (ImageRecord img : store.images()) {
      img.topLayer().ifPresent(users::add);
      users.addAll(img.mappedTopLayers());
    }
    store.containers().forEach(c -> users.add(c.layer()));
    Map<String, String> byName = new HashMap<>();
    names.disk.forEach((id, n) -> byName.put(n, id));
    names.fin.forEach((id, n) -> byName.putIfAbsent(n, id));
    for (StoreScan.LayerDir d : scan.dirs.values()) {
      if (d.lower() != null) {
        for (String e : d.lower().strip().split(":")) {
          String id = e.startsWith("l/") ? byName.get(e.substring(2)) : null;
          if (id != null && !id.equals(d.id())) {
            users.add(id);
          }
        }
      }
    }
    return users;
  }

  private static void leftovers(StoreScan scan, List<Draft> drafts) throws IOException {
    for (String name : List.of("staging", "tempdirs")) {
      boolean present = name.equals("staging") ? scan.staging : scan.tempdirs;
      if (!present) {
        continue;
      }
      Path p = scan.paths.home().resolve(name);
      Draft d = new Draft(name.equals("staging") ? Code.LEFTOVER_STAGING : Code.LEFTOVER_TEMPDIRS, "",
          p + " is left over from an interrupted operation");
      d.evidence(p + " holds: " + String.join(", ", listing(p)));
      d.step(RepairStep.of(Action.REMOVE_PATH, p, String.join(", ", listing(p)), "", "remove " + p));
      drafts.add(d);
    }
  }

  static List<String> listing(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return List.of("(a file)");
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (names.size() == 20) {
          names.add("...");
          break;
        }
        names.add(p.getFileName().toString());
      }
    }
    return names.isEmpty() ? List.of("(nothing)") : names;
  }
}
