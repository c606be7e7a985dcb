package dev.ovl.cli;

import dev.ovl.archive.Change;
import dev.ovl.driver.LayerContents;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.RawNames;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
    if (ovl.json) { // as Go's JSON: each byte of a name that is not UTF-8 becomes U+FFFD
      Output.json(out, changes.stream().map(c -> Map.of("path", RawNames.lossy(c.path()), "kind", c.kind().letter()))
          .toList());
      return 0;
    }
    if (changes.stream().noneMatch(c -> RawNames.hasEscapes(c.path()))) {
      changes.forEach(out::println);
      out.flush();
      return 0;
    }
    out.flush(); // a writer prints text only: a path that is not UTF-8 goes out as its bytes, on the same stdout
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (Change c : changes) {
      lines.writeBytes((c.kind().letter() + " ").getBytes(StandardCharsets.UTF_8));
      lines.writeBytes(RawNames.encode(c.path()));
      lines.write('\n');
    }
    OutputStream raw = Stdio.current().out();
    lines.writeTo(raw);
    raw.flush();
    return 0;
  }

}
