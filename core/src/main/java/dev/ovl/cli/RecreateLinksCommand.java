package dev.ovl.cli;

import dev.ovl.driver.LinkReport;
import dev.ovl.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "recreate-links",
    description = "Recreate missing l/ links from link files, and missing link files from l/. Deletes nothing. "
        + "Holds the store's locks, if any, meanwhile.")
final class RecreateLinksCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    LinkReport r;
    try (Store held = ovl.lockIfStore()) {
      r = ovl.driver().recreateSymlinks();
    }
    var out = spec.commandLine().getOut();
    if (ovl.json) {
      Output.json(out, r);
    } else {
      r.createdLinks().forEach(l -> out.println("created l/" + l));
      r.rebuiltLinkFiles().forEach(id -> out.println("rebuilt " + id + "/link"));
      r.problems().forEach(p -> out.println("cannot fix: " + p));
      if (!r.changedAnything() && r.problems().isEmpty()) {
        out.println("all links present");
      }
      out.flush();
    }
    return r.problems().isEmpty() ? 0 : 1;
  }
}
