package dev.ovl.cli;

import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.OverlayDriver;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "create", description = "Create a layer and print its id.")
final class CreateCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;
  @Spec CommandSpec spec;

  @Option(names = "--parent", paramLabel = "ID", description = "The parent layer.")
  String parent;

  @Option(names = "--rw", description = "A writable (container) layer rather than an image layer.")
  boolean readWrite;

  @Option(names = "--id", paramLabel = "ID", description = "The new layer's id (default: 64 random hex digits).")
  String id;

  @Override
  public Integer call() throws Exception {
    OverlayDriver d = ovl.driver();
    String newId = id != null ? id : randomId();
    if (readWrite) {
      d.createReadWrite(newId, parent, CreateOpts.DEFAULT);
    } else {
      d.create(newId, parent, CreateOpts.DEFAULT);
    }
    spec.commandLine().getOut().println(newId);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** A 64-hex-digit id like containers/storage's stringid.GenerateRandomID. */
  static String randomId() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
