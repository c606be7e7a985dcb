package dev.ovl.cli;

import dev.ovl.driver.OverlayDriver;
import dev.ovl.driver.StatusRow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", description = "Show the driver's status: backing filesystem, d_type, native diff, metacopy.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    OverlayDriver d = ovl.driver();
    var out = spec.commandLine().getOut();
    if (ovl.json) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("Home", d.home().toString());
      m.put("Run Home", d.runHome().toString());
      d.status().forEach(r -> m.put(r.key(), r.value()));
      Output.json(out, m);
      return 0;
    }
    out.println("Home: " + d.home());
    out.println("Run Home: " + d.runHome());
    for (StatusRow r : d.status()) {
      out.println(r.key() + ": " + r.value());
    }
    out.println("Layers: " + d.listLayers().size());
    out.flush();
    return 0;
  }
}
