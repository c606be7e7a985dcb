package dev.ovl.cli;

import dev.ovl.driver.LayerSummary;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.store.LayerRemoval;
import dev.ovl.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "rm", description = "Remove a layer: unmount it, delete its dir and its l/ link. Asks first.")
final class RmCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;

  @Parameters(paramLabel = "ID", description = "The layer to remove.")
  String id;

  @Option(names = {"-f", "--force"}, description = "Do not ask; also remove a mounted layer, a layer that has "
      + "children (not in layers.json), or a layer layers.json lists, with its record.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    OverlayDriver d = ovl.driver();
    if (ovl.layerMounts().listed(id)) {
      if (!force) {
        throw new IllegalStateException("layer " + id + " is listed in layers.json; delete it with the store's "
            + "tool (containers-storage delete-layer), or use --force to remove its record too");
      }
      LayerRemoval.remove(d, ovl.storePaths(), id, true, Store.DEFAULT_TIMEOUT);
      return 0;
    }
    if (!d.exists(id)) {
      throw new IllegalArgumentException("layer " + id + " does not exist");
    }
    List<String> children = LayerSummary.of(d).stream().filter(l -> id.equals(l.parent()))
        .map(LayerSummary::id).toList();
    if (!children.isEmpty() && !force) {
      throw new IllegalStateException("layer " + id + " is the parent of " + String.join(", ", children)
          + "; remove those first, or use --force");
    }
    int users = d.mountCount(id);
    if (users > 0 && !force) {
      throw new IllegalStateException("layer " + id + " is mounted (" + users + " user(s)); unmount it first, "
          + "or use --force");
    }
    Confirm.orRefuse(force, "Remove layer " + id + " and everything in it?", "not removing layer " + id);
    d.remove(id);
    return 0;
  }
}
