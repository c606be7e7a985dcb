package dev.ovl.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "metadata", description = "Show a layer's WorkDir, MergedDir, UpperDir and LowerDir.")
final class MetadataCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID") String id;

  @Override
  public Integer call() throws Exception {
    Map<String, String> m = ovl.driver().metadata(id);
    var out = spec.commandLine().getOut();
    if (ovl.json) {
      Output.json(out, m);
    } else {
      m.forEach((k, v) -> out.println(k + ": " + v));
      out.flush();
    }
    return 0;
  }
}
