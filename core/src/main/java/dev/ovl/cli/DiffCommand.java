package dev.ovl.cli;

import dev.ovl.driver.LayerContents;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.SyscallException;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "diff", description = "Write the tar of a layer's changes to stdout or to a file.")
final class DiffCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;

  @Parameters(paramLabel = "ID") String id;

  @Option(names = "--parent", paramLabel = "P", description = "Diff against this layer (default: none).")
  String parent = "";

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Write here (atomically: a failed export leaves no file) instead of stdout.")
  Path file;

  @Override
  public Integer call() throws Exception {
    LayerContents lc = LayerContents.of(ovl.driver());
    Progress p = ProgressLine.forStderr("diff " + id);
    try {
      if (file == null) {
        OutputStream out = Stdio.current().out();
        lc.diff(id, IdMappings.IDENTITY, parent, IdMappings.IDENTITY, out, p, Cancel.NEVER);
        out.flush();
        return 0;
      }
      Path abs = file.toAbsolutePath();
      Path tmp = abs.resolveSibling("." + abs.getFileName() + ".ovl-" + ProcessHandle.current().pid());
      Files.createFile(tmp);
      try (CtrlC c = CtrlC.guard()) {
        try (OutputStream out = new FileOutputStream(tmp.toFile())) {
          lc.diff(id, IdMappings.IDENTITY, parent, IdMappings.IDENTITY, out, p, c.cancel());
        } catch (IOException e) {
          Files.deleteIfExists(tmp);
          throw SyscallException.ofJdk("write", abs, e);
        } catch (RuntimeException e) {
          Files.deleteIfExists(tmp);
          throw e;
        }
      }
      Syscalls.rename(tmp, abs, 0);
      return 0;
    } finally {
      ProgressLine.finish(p);
    }
  }
}
