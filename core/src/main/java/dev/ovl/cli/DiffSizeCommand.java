package dev.ovl.cli;

import dev.ovl.driver.LayerContents;
import dev.ovl.idtools.IdMappings;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "diff-size", description = "Print the size in bytes of a layer's changes.")
final class DiffSizeCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID") String id;

  @Option(names = "--parent", paramLabel = "P", description = "Compare with this layer (default: none).")
  String parent = "";

  @Override
  public Integer call() throws Exception {
    long size = LayerContents.of(ovl.driver()).diffSize(id, IdMappings.IDENTITY, parent, IdMappings.IDENTITY,
        Progress.NONE, Cancel.NEVER);
    spec.commandLine().getOut().println(size);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
