package dev.ovl.cli;

import static dev.ovl.cli.StoreMountsCliTest.ovl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.interop.GoStorage;
import dev.ovl.natives.MountInfo;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ovl rm never leaves layers.json naming a dir that is gone, and never removes a mounted layer unasked. */
class StoreRmCliTest {
  private static final String BASE = "b".repeat(64);
  private static final String TOP = "c".repeat(64);

  @Test
  void aListedLayerNeedsForceAndThenLosesItsRecordToo() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("rm-")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      go.createLayer(BASE, null);
      go.createLayer(TOP, BASE);
      Path layersJson = go.root().resolve("overlay-layers/layers.json");
      byte[] before = Files.readAllBytes(layersJson);

      CliRun r = ovl(s, "rm", TOP);
      assertThat(r.code).isEqualTo(1);
      assertThat(r.err.strip()).doesNotContain("\n").contains("listed in layers.json").contains("--force");
      r = ovl(s, "rm", "--force", BASE);
      assertThat(r.err.strip()).doesNotContain("\n").contains("is the parent of " + TOP);
      assertThat(Files.readAllBytes(layersJson)).isEqualTo(before);
      assertThat(go.home().resolve(TOP)).isDirectory();

      go.mount(TOP);
      r = ovl(s, "rm", "--force", TOP);
      assertThat(r.code).as(r.toString()).isZero();
      assertThat(go.layers()).containsExactly(BASE);
      assertThat(go.home().resolve(TOP)).doesNotExist();
      assertThat(MountInfo.read().stream().filter(m -> m.mountPoint().startsWith(s.path()))
          .filter(m -> m.mountPoint().toString().endsWith("merged"))).isEmpty();
      assertThat(Files.readString(go.runRoot().resolve("overlay-layers/mountpoints.json"))).isEqualTo("[]");
      assertThat(Files.readString(layersJson)).doesNotContain(TOP).contains(BASE);
      try (var ls = Files.list(layersJson.getParent())) {
        assertThat(ls.map(p -> p.getFileName().toString())).as("no backup beside layers.json")
            .noneMatch(n -> n.contains("backup") || n.contains("tmp"));
      }
      // the Go peer goes on with the store: the parent is deletable, the checks pass
      assertThat(CliRun.of(s.resolve("root"), s.resolve("run"), "check").out).contains("no problems found");
      go.deleteLayer(BASE);
      assertThat(go.layers()).isEmpty();
    }
  }

  @Test
  void aLayerAnImageUsesIsRefusedEvenWithForce() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("rm-")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      go.createLayer(BASE, null);
      go.run(List.of("create-image", "-n", "img:1", BASE));
      CliRun r = ovl(s, "rm", "--force", BASE);
      assertThat(r.code).isEqualTo(1);
      assertThat(r.err.strip()).doesNotContain("\n").contains("top layer of image");
      assertThat(go.layers()).contains(BASE);
      assertThat(go.home().resolve(BASE).resolve("diff")).isDirectory();
    }
  }

  @Test
  void aMountedDriverOnlyLayerNeedsForce() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("rm-")) {
      assertThat(ovl(s, "create", "--id", BASE).code).isZero();
      Path merged = Path.of(ovl(s, "mount", BASE).out.strip());
      CliRun r = ovl(s, "rm", BASE);
      assertThat(r.code).isEqualTo(1);
      assertThat(r.err.strip()).doesNotContain("\n").contains("is mounted (1 user(s))");
      assertThat(MountInfo.isMountPoint(merged)).isTrue();
      assertThat(ovl(s, "rm", "--force", BASE).code).isZero();
      assertThat(MountInfo.isMountPoint(merged)).isFalse();
      assertThat(s.resolve("root/overlay").resolve(BASE)).doesNotExist();
    }
  }
}
