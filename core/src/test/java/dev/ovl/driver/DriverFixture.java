package dev.ovl.driver;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.Syscalls;
import dev.ovl.testing.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A driver on a scratch ROOT/RUNROOT pair; closing it unmounts and deletes everything. */
final class DriverFixture implements AutoCloseable {
  final Scratch scratch;
  final Path root;
  final Path runRoot;
  final OverlayDriver driver;

  private DriverFixture(Scratch scratch, List<String> options) throws IOException {
    this.scratch = scratch;
    this.root = Files.createDirectories(scratch.resolve("root"));
    this.runRoot = Files.createDirectories(scratch.resolve("run"));
    OverlayDriver d;
    try {
      d = OverlayDriver.init(root.resolve("overlay"), runRoot.resolve("overlay"), options, IdMappings.IDENTITY);
    } catch (Throwable e) {
      scratch.close();
      throw e;
    }
    this.driver = d;
  }

  static DriverFixture create(String name, String... options) throws IOException {
    return new DriverFixture(Scratch.create(name), List.of(options));
  }

  /** As {@link #create}, with ROOT on a tmpfs of {@code size} (such as "2m"), to run the store out of space. */
  static DriverFixture onTmpfs(String name, String size) throws IOException {
    Scratch s = Scratch.create(name);
    try {
      Syscalls.mount("tmpfs", Files.createDirectories(s.resolve("root")), "tmpfs", 0, "size=" + size);
    } catch (Throwable e) {
      s.close();
      throw e;
    }
    return new DriverFixture(s, List.of());
  }

  Path home() {
    return driver.home();
  }

  @Override
  public void close() throws IOException {
    try {
      driver.close();
    } finally {
      scratch.close();
    }
  }
}
