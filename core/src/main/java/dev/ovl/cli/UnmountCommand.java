package dev.ovl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "unmount", aliases = "umount", description = "Unmount a layer and remove its merged dir.")
final class UnmountCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;

  @Parameters(paramLabel = "ID") String id;

  @Override
  public Integer call() throws Exception {
    ovl.driver().put(id);
    return 0;
  }
}
