package dev.ovl.check;

import dev.ovl.check.RepairStep.Action;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code l/} directory against the link names: missing, dangling, odd and wrong-layer entries. */
final class LinkChecks {
  private LinkChecks() {}

  static void run(StoreScan scan, LinkNames names, List<String> order, List<Draft> out) {
    Path l = scan.paths.home().resolve("l");
    if (scan.linkDirState != StoreScan.LinkDirState.DIR) {
      boolean missing = scan.linkDirState == StoreScan.LinkDirState.MISSING;
      Draft d = new Draft(missing ? Code.L_DIR_MISSING : Code.L_DIR_NOT_DIR, "",
          missing ? l + " is missing: no layer with a parent can be mounted" : l + " is a "
              + (scan.linkDirState == StoreScan.LinkDirState.SYMLINK ? "symlink" : "file") + ", not a directory");
      if (!missing) {
        d.evidence(l + (scan.linkDirState == StoreScan.LinkDirState.SYMLINK ? " -> " : " contains ")
            + LinkNames.printable(scan.linkDirContent));
        d.step(RepairStep.of(Action.REMOVE_PATH, l, scan.linkDirContent, "", "remove " + l));
      }
      d.step(RepairStep.of(Action.MKDIR, l, "", "0700", "create directory " + l));
      for (String id : order) {
        String name = names.fin.get(id);
        d.step(RepairStep.of(Action.SYMLINK, l.resolve(name), "", LinkNames.target(id),
            "create l/" + name + " -> " + LinkNames.target(id)));
      }
      out.add(d);
      return;
    }
    Set<String> finals = new HashSet<>();
    for (String id : order) {
      String name = names.fin.get(id);
      finals.add(name);
      StoreScan.LinkEntry e = scan.links.get(name);
      Draft renamed = names.renamed.get(id);
      if (e == null) {
        if (renamed == null || renamed.steps.stream().noneMatch(s -> s.action() == Action.SYMLINK)) {
          out.add(new Draft(Code.LINK_MISSING, id, "l/" + name + " is missing")
              .evidence(l.resolve(name) + " does not exist; " + id + "/link = " + name)
              .step(RepairStep.of(Action.SYMLINK, l.resolve(name), "", LinkNames.target(id),
                  "create l/" + name + " -> " + LinkNames.target(id))));
        }
      } else if (!id.equals(e.targetLayer())) {
        String other = e.targetLayer();
        Code code = other != null && scan.dirs.containsKey(other) ? Code.LINK_WRONG_LAYER : Code.LINK_ODD;
        String what = !e.symlink() ? "is not a symlink" : "points at " + e.target();
        out.add(new Draft(code, id, "l/" + name + ", the link of layer " + id + ", " + what)
            .evidence(l.resolve(name) + (e.symlink() ? " -> " + e.target() : " is not a symlink"))
            .evidence(id + "/link = " + name)
            .step(RepairStep.of(Action.SYMLINK, l.resolve(name), e.symlink() ? e.target() : "(not a symlink)",
                LinkNames.target(id), "re-point l/" + name + " -> " + LinkNames.target(id))));
      }
    }
    for (StoreScan.LinkEntry e : scan.links.values()) {
      if (finals.contains(e.name())) {
        continue;
      }
      String target = e.targetLayer();
      Path p = l.resolve(e.name());
      if (target != null && !scan.dirs.containsKey(target)) {
        out.add(new Draft(Code.LINK_DANGLING, "", "l/" + e.name() + " points at layer " + target
            + ", which does not exist")
            .evidence(p + " -> " + e.target())
            .step(RepairStep.of(Action.REMOVE_PATH, p, e.target(), "", "remove dangling l/" + e.name())));
      } else {
        String why = !e.symlink() ? "is not a symlink" : target == null ? "points at " + e.target()
            + ", not ../<id>/diff" : "is a second name for layer " + target;
        out.add(new Draft(Code.LINK_ODD, target == null ? "" : target, "l/" + e.name() + " " + why)
            .evidence(p + (e.symlink() ? " -> " + e.target() : " is not a symlink"))
            .step(RepairStep.of(Action.REMOVE_PATH, p, e.symlink() ? e.target() : "(not a symlink)", "",
                "remove l/" + e.name())));
      }
    }
  }

  /** Link names any lower may use today: link files and l/ entries that lead to an existing layer. */
  static Set<String> known(StoreScan scan, LinkNames names) {
    Set<String> k = new HashSet<>(names.fin.values());
    k.addAll(names.disk.values());
    for (Map.Entry<String, StoreScan.LinkEntry> e : scan.links.entrySet()) {
      if (e.getValue().targetLayer() != null && scan.dirs.containsKey(e.getValue().targetLayer())) {
        k.add(e.getKey());
      }
    }
    return k;
  }
}
