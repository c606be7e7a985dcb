package dev.ovl.cli;

import dev.ovl.driver.LayerContents;
import dev.ovl.idtools.IdMappings;
import dev.ovl.store.Store;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "update-id-map",
    description = "Re-own a layer's files: owners read as host IDs of the FROM maps are rewritten through the TO "
        + "maps (diff is rotated to diff1..., as the reference does).")
final class UpdateIdMapCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;

  @Parameters(paramLabel = "ID") String id;

  @Option(names = "--uidmap", paramLabel = "M", description = "Current UID map c:h:s[,...] (empty: identity).")
  String uidMap = "";

  @Option(names = "--gidmap", paramLabel = "M", description = "Current GID map.")
  String gidMap = "";

  @Option(names = "--to-uidmap", paramLabel = "M", description = "New UID map.")
  String toUidMap = "";

  @Option(names = "--to-gidmap", paramLabel = "M", description = "New GID map.")
  String toGidMap = "";

  @Override
  public Integer call() throws Exception {
    Progress p = ProgressLine.forStderr("update-id-map " + id);
    try (Store held = ovl.lockIfListed(id)) {
      LayerContents.of(ovl.driver()).updateLayerIdMap(id, IdMappings.parse(uidMap, gidMap),
          IdMappings.parse(toUidMap, toGidMap), p, Cancel.NEVER);
    } finally {
      ProgressLine.finish(p);
    }
    return 0;
  }
}
