package dev.ovl.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.MountInfo;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Put of a fuse-overlayfs mount from a process whose PATH has neither fusermount3 nor fusermount: umount2. */
class NoFusermountTest {
  static final String FUSE = "overlay.mount_program=/usr/bin/fuse-overlayfs";

  static int ovl(Path root, Path run, String path, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.ovl.cli.Main", "--root", root.toString(), "--runroot",
        run.toString(), "-o", FUSE));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PATH", path);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    int code = p.waitFor();
    assertThat(code).as(String.join(" ", args) + ": " + out).isZero();
    return code;
  }

  @Test
  void putFallsBackToUmountWithoutFusermount() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("no-fusermount")) {
      Path root = Files.createDirectories(s.resolve("root"));
      Path run = s.resolve("run");
      try (OverlayDriver d = OverlayDriver.init(root.resolve("overlay"), run.resolve("overlay"), List.of(FUSE),
          IdMappings.IDENTITY)) {
        d.create("base", null, CreateOpts.DEFAULT);
        d.create("child", "base", CreateOpts.DEFAULT);
      }
      Path merged = root.resolve("overlay/child/merged");
      Path empty = Files.createDirectories(s.resolve("empty-bin"));
      ovl(root, run, System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "mount", "child");
      assertThat(MountInfo.at(merged)).as("fuse-overlayfs mounted the layer").isNotEmpty();
      assertThat(MountInfo.at(merged).get(0).fsType()).startsWith("fuse");
      ovl(root, run, empty.toString(), "unmount", "child");
      assertThat(Files.exists(merged) && !MountInfo.at(merged).isEmpty()).as("still mounted").isFalse();
    }
  }
}
