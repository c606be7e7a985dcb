package dev.ovl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "unmount", aliases = "umount",
    description = "Drop one user of a layer's mount; the last one unmounts it and removes its merged dir.")
final class UnmountCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;

  @Parameters(paramLabel = "ID") String id;

  @Option(names = {"-f", "--force"}, description = "Unmount whatever the count of users, and forget them.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    ovl.layerMounts().unmount(id, force);
    return 0;
  }
}
