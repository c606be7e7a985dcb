package dev.ovl.cli;

import dev.ovl.archive.Change;
import dev.ovl.driver.LayerContents;
import dev.ovl.idtools.IdMappings;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "changes", description = "List a layer's changes as 'A|C|D path' lines (or --json).")
final class ChangesCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID") String id;

  @Option(names = "--parent", paramLabel = "P", description = "Compare with this layer (default: none).")
  String parent = "";

  @Override
  public Integer call() throws Exception {
    List<Change> changes = LayerContents.of(ovl.driver()).changes(id, IdMappings.IDENTITY, parent,
        IdMappings.IDENTITY, Progress.NONE, Cancel.NEVER);
    var out = spec.commandLine().getOut();
    if (ovl.json) {
      Output.json(out, changes.stream().map(c -> Map.of("path", c.path(), "kind", c.kind().letter())).toList());
      return 0;
    }
    changes.forEach(out::println);
    out.flush();
    return 0;
  }
}
