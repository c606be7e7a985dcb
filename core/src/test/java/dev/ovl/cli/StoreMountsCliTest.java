package dev.ovl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.interop.GoStorage;
import dev.ovl.natives.MountInfo;
import dev.ovl.store.LayerMounts;
import dev.ovl.store.Store;
import dev.ovl.store.StoreBusyException;
import dev.ovl.store.StorePaths;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ovl mount/unmount and the Go peer's keep one count in mountpoints.json, and the kernel agrees at every step. */
class StoreMountsCliTest {
  private static final String LAYER = "a".repeat(64);

  @Test
  void ovlAndGoShareOneCount() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("mounts-")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      go.createLayer(LAYER, null);
      Path merged = go.home().resolve(LAYER).resolve("merged");
      Path json = go.runRoot().resolve("overlay-layers/mountpoints.json");

      assertThat(ovl(s, "mount", LAYER).out.strip()).isEqualTo(merged.toString());
      expect(json, merged, 1);
      assertThat(go.mount(LAYER)).isEqualTo(merged);
      expect(json, merged, 2);
      byte[] goWrote = Files.readAllBytes(json);
      assertThat(ovl(s, "mount", LAYER).code).isZero();
      expect(json, merged, 3);
      assertThat(ovl(s, "unmount", LAYER).code).isZero();
      expect(json, merged, 2);
      assertThat(Files.readAllBytes(json)).as("the same bytes the Go peer wrote for count 2").isEqualTo(goWrote);
      assertThat(ovl(s, "unmount", LAYER).code).isZero();
      expect(json, merged, 1);
      go.unmount(LAYER);
      expect(json, merged, 0);
      assertThat(Files.readString(json)).isEqualTo("[]");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(json))).isEqualTo("rw-------");
      try (var ls = Files.list(json.getParent())) {
        assertThat(ls.map(p -> p.getFileName().toString()))
            .as("no backup and no temp file beside mountpoints.json")
            .containsOnly("mountpoints.json", "mountpoints.lock");
      }
    }
  }

  @Test
  void ovlUnmountOfAGoMountOnlyDecrements() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("mounts-")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      go.createLayer(LAYER, null);
      Path merged = go.mount(LAYER);
      go.mount(LAYER);
      Path json = go.runRoot().resolve("overlay-layers/mountpoints.json");
      expect(json, merged, 2);
      assertThat(ovl(s, "unmount", LAYER).code).isZero();
      expect(json, merged, 1);
      assertThat(ovl(s, "unmount", LAYER).code).isZero();
      expect(json, merged, 0);
      // a count left for a mount that is gone (after a reboot) is replaced by one fresh user
      go.mount(LAYER);
      go.mount(LAYER);
      dev.ovl.natives.Mounts.unmount(merged);
      assertThat(ovl(s, "mount", LAYER).code).isZero();
      expect(json, merged, 1);
      assertThat(ovl(s, "unmount", "--force", LAYER).code).isZero();
      expect(json, merged, 0);
    }
  }

  @Test
  void aDriverOnlyLayerIsCountedByTheDriverAndGetsNoStoreFiles() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("mounts-")) {
      assertThat(ovl(s, "create", "--id", LAYER).code).isZero();
      CliRun m = ovl(s, "mount", LAYER);
      assertThat(m.code).as(m.toString()).isZero();
      assertThat(MountInfo.isMountPoint(Path.of(m.out.strip()))).isTrue();
      assertThat(ovl(s, "unmount", LAYER).code).isZero();
      assertThat(MountInfo.isMountPoint(Path.of(m.out.strip()))).isFalse();
      assertThat(s.resolve("root/storage.lock")).doesNotExist();
      assertThat(s.resolve("run/overlay-layers")).doesNotExist();
    }
  }

  @Test
  void aBusyStoreIsWaitedForThenOneLine() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("mounts-")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      go.createLayer(LAYER, null);
      StorePaths paths = new StorePaths(go.root(), go.runRoot());
      try (var d = dev.ovl.driver.OverlayDriver.init(go.home(), go.runHome(), List.of(),
          dev.ovl.idtools.IdMappings.IDENTITY)) {
        LayerMounts mounts = LayerMounts.of(d, paths, Duration.ofMillis(700));
        try (Store held = Store.open(paths, true, Duration.ofSeconds(5))) {
          CompletableFuture<Object> other = CompletableFuture.supplyAsync(() -> {
            try {
              return mounts.mount(LAYER, null);
            } catch (Exception e) {
              return e;
            }
          });
          Object r = other.get(30, TimeUnit.SECONDS);
          assertThat(r).isInstanceOf(StoreBusyException.class);
          assertThat(((Exception) r).getMessage()).doesNotContain("\n").contains("store is busy");
        }
        assertThat(MountInfo.isMountPoint(go.home().resolve(LAYER).resolve("merged"))).isFalse();
        assertThat(mounts.count(LAYER)).isZero();
      }
    }
  }

  /** mountpoints.json holds exactly {@code count} users at {@code merged}, and the kernel has it mounted iff > 0. */
  static void expect(Path json, Path merged, int count) throws Exception {
    String want = count == 0 ? "[]"
        : "[{\"id\":\"" + LAYER + "\",\"path\":\"" + merged + "\",\"count\":" + count + "}]";
    assertThat(Files.readString(json)).isEqualTo(want);
    assertThat(MountInfo.at(merged)).as("mounts at " + merged).hasSize(count > 0 ? 1 : 0);
  }

  static CliRun ovl(Scratch s, String... args) {
    CliRun r = CliRun.of(s.resolve("root"), s.resolve("run"), args);
    assertThat(r.err).as(r.toString()).doesNotContain("Exception");
    return r;
  }
}
