package dev.ovl.cli;

import dev.ovl.driver.LayerSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "layers", description = "List layers: id, parent, link, depth, mounted.")
final class LayersCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<LayerSummary> layers = LayerSummary.of(ovl.driver());
    var out = spec.commandLine().getOut();
    if (ovl.json) {
      Output.json(out, layers);
      return 0;
    }
    Output.table(out, List.of("ID", "PARENT", "LINK", "DEPTH", "MOUNTED", "PROBLEM"), layers.stream()
        .map(l -> List.of(l.id(), l.parent() == null ? "-" : l.parent(), l.link() == null ? "-" : l.link(),
            Integer.toString(l.depth()), l.mounted() ? "yes" : "no", l.problem() == null ? "" : l.problem()))
        .toList());
    return 0;
  }
}
