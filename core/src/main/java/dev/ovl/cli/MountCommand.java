package dev.ovl.cli;

import dev.ovl.driver.MountOpts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "mount", description = "Mount a layer (or count one more user of its mount) and print its merged path.")
final class MountCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID") String id;

  @Option(names = "--ro", description = "Mount read-only: the layer's diff becomes a lower.")
  boolean readOnly;

  @Option(names = "--option", paramLabel = "O", description = "Mount option (repeatable); replaces mountopt.")
  List<String> options = new ArrayList<>();

  @Option(names = "--label", paramLabel = "L", description = "SELinux context for the mount.")
  String label = "";

  @Override
  public Integer call() throws Exception {
    List<String> opts = new ArrayList<>(options);
    if (readOnly && !opts.contains("ro")) {
      opts.add("ro");
    }
    var merged = ovl.layerMounts().mount(id, new MountOpts(opts, label, null));
    spec.commandLine().getOut().println(merged);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
