package dev.ovl.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.interop.MergedView;
import dev.ovl.natives.Mounts;
import dev.ovl.store.Store;
import dev.ovl.store.StorePaths;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A real podman store (busybox-static imported offline) broken after a "power cut", repaired, and run again. */
class PodmanStoreTest {
  private static final Path PODMAN = Path.of("/usr/bin/podman");
  private static final Path BUSYBOX = Path.of("/bin/busybox");

  @Test
  void powerCutStoreIsRepairedAndRunsAgain() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("podman-")) {
      Path rootfs = s.resolve("rootfs");
      Files.createDirectories(rootfs.resolve("bin"));
      Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
      for (String tool : List.of("sh", "cat", "true")) {
        Files.createSymbolicLink(rootfs.resolve("bin").resolve(tool), Path.of("busybox"));
      }
      Files.writeString(rootfs.resolve("hello"), "hello from busybox\n");
      Path tar = s.resolve("rootfs.tar");
      run(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."));
      Podman p = new Podman(s.path());
      p.run("import", tar.toString(), "bb:1");
      p.run("create", "--name", "c1", "bb:1", "/bin/cat", "/hello");
      StorePaths paths = new StorePaths(s.resolve("root"), s.resolve("run"));
      SortedMap<String, String> before = MergedView.of(Path.of(p.run("mount", "c1").strip()));
      p.run("umount", "c1");
      assertThat(check(paths)).isEmpty();

      // the power cut: l/ lost, the container layer's lower truncated, a mount counted but gone
      String layer;
      try (Store st = Store.open(paths, false, Duration.ofSeconds(10))) {
        layer = st.containers().get(0).layer();
      }
      Path merged = Path.of(p.run("mount", "c1").strip());
      Mounts.unmount(merged);
      Scratch.deleteTree(paths.home().resolve("l"));
      Files.writeString(paths.home().resolve(layer).resolve("lower"), "");
      List<Finding> found = check(paths);
      assertThat(found.stream().map(Finding::code).collect(Collectors.toSet())).as(found.toString())
          .isEqualTo(EnumSet.of(Code.L_DIR_MISSING, Code.LOWER_EMPTY, Code.MOUNT_RECORD_STALE));
      assertThat(found.stream().filter(f -> f.code() == Code.LOWER_EMPTY).findFirst().orElseThrow().names())
          .contains("c1", "c1-layer");

      try (Store st = Store.open(paths, true, Duration.ofSeconds(10));
          Journal j = Journal.open(Journal.defaultPath(paths.root()))) {
        RepairResult r = Repairer.apply(Repairer.plan(Checker.check(st, Cancel.NEVER)), st, true, j, Cancel.NEVER);
        assertThat(r.skipped()).isEmpty();
      }
      assertThat(check(paths)).isEmpty();
      assertThat(MergedView.of(Path.of(p.run("mount", "c1").strip()))).isEqualTo(before);
      p.run("umount", "c1");
      assertThat(p.run("run", "--rm", "--runtime", "runc", "--network", "none", "--ulimit", "nofile=1024:1024",
          "--ulimit", "nproc=1024:1024", "bb:1", "/bin/cat", "/hello")).isEqualTo("hello from busybox\n");
      p.run("rm", "-a", "-f");
    }
  }

  private static List<Finding> check(StorePaths paths) throws IOException {
    try (Store st = Store.open(paths, false, Duration.ofSeconds(10))) {
      return Checker.check(st, Cancel.NEVER);
    }
  }

  /** podman with its root, run root and tmp dir inside the scratch dir. */
  private record Podman(Path dir) {
    String run(String... args) throws Exception {
      List<String> cmd = new ArrayList<>(List.of(PODMAN.toString(), "--root", dir.resolve("root").toString(),
          "--runroot", dir.resolve("run").toString(), "--tmpdir", dir.resolve("tmp").toString(),
          "--storage-driver", "overlay", "--cgroup-manager", "cgroupfs", "--events-backend", "none"));
      cmd.addAll(List.of(args));
      return PodmanStoreTest.run(cmd);
    }
  }

  static String run(List<String> cmd) throws Exception {
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    proc.getOutputStream().close();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!proc.waitFor(120, TimeUnit.SECONDS) || proc.exitValue() != 0) {
      proc.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
    }
    return out;
  }
}
