package dev.ovl.cli;

import dev.ovl.driver.LayerSummary;
import dev.ovl.driver.OverlayDriver;
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

  @Option(names = {"-f", "--force"}, description = "Do not ask; also remove a layer that has children.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    OverlayDriver d = ovl.driver();
    if (!d.exists(id)) {
      throw new IllegalArgumentException("layer " + id + " does not exist");
    }
    List<String> children = LayerSummary.of(d).stream().filter(l -> id.equals(l.parent()))
        .map(LayerSummary::id).toList();
    if (!children.isEmpty() && !force) {
      throw new IllegalStateException("layer " + id + " is the parent of " + String.join(", ", children)
          + "; remove those first, or use --force");
    }
    Confirm.orRefuse(force, "Remove layer " + id + " and everything in it?", "not removing layer " + id);
    d.remove(id);
    return 0;
  }
}
