package dev.ovl.cli;

import dev.ovl.archive.TarFile;
import dev.ovl.driver.LayerContents;
import dev.ovl.idtools.IdMappings;
import dev.ovl.store.Store;
import dev.ovl.work.Progress;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "apply-diff", description = "Apply an uncompressed layer tar to a layer and print its size.")
final class ApplyDiffCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID") String id;

  @Parameters(index = "1", paramLabel = "TAR", arity = "0..1", description = "The tar file, or - for stdin (default).")
  String tar = "-";

  @Option(names = "--parent", paramLabel = "P", description = "The parent the tar is relative to (default: none).")
  String parent = "";

  @Option(names = "--uidmap", paramLabel = "M", description = "UID map c:h:s[,c:h:s...] for the entries' owners.")
  String uidMap = "";

  @Option(names = "--gidmap", paramLabel = "M", description = "GID map c:h:s[,c:h:s...].")
  String gidMap = "";

  @Override
  public Integer call() throws Exception {
    IdMappings maps = IdMappings.parse(uidMap, gidMap);
    Progress p = ProgressLine.forStderr("apply-diff " + id);
    long size;
    try (Store held = ovl.lockIfListed(id);
        CtrlC c = CtrlC.guard();
        InputStream in = tar.equals("-") ? new BufferedInputStream(Stdio.current().in(), 1 << 16)
            : TarFile.open(Stdio.current().resolve(tar))) {
      size = LayerContents.of(ovl.driver()).applyDiff(id, parent, maps, in, p, c.cancel());
    } finally {
      ProgressLine.finish(p);
    }
    spec.commandLine().getOut().println(size);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
