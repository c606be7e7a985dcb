package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.natives.MountInfo;
import dev.ovl.natives.Syscalls;
import dev.ovl.testing.Root;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The graphdriver conformance suite's cases, on real overlay mounts. */
class DriverConformanceTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  static int mode(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
  }

  static int uid(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  static int gid(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  /** graphtest's createBase: a sticky 0705 dir owned 1:2 and a setuid 0222 file. */
  static void createBase(OverlayDriver d, String id) throws Exception {
    d.create(id, null, CreateOpts.DEFAULT);
    Path root = d.get(id, MountOpts.DEFAULT);
    try {
      Path sub = root.resolve("a subdir");
      Files.createDirectory(sub);
      Syscalls.chmod(sub, 01705);
      Syscalls.lchown(sub, 1, 2);
      Path file = root.resolve("a file");
      Files.writeString(file, "Some data");
      Syscalls.chmod(file, 04222);
    } finally {
      d.put(id);
    }
  }

  static void verifyBase(OverlayDriver d, String id, int rootPerms) throws Exception {
    Path root = d.get(id, MountOpts.DEFAULT);
    try {
      assertThat(mode(root) & 07777).isEqualTo(rootPerms);
      Path sub = root.resolve("a subdir");
      assertThat(mode(sub) & 07777).isEqualTo(01705);
      assertThat(uid(sub)).isEqualTo(1);
      assertThat(gid(sub)).isEqualTo(2);
      Path file = root.resolve("a file");
      assertThat(mode(file) & 07777).isEqualTo(04222);
      assertThat(Files.readString(file)).isEqualTo("Some data");
      try (var s = Files.list(root)) {
        assertThat(s.count()).isEqualTo(2);
      }
    } finally {
      d.put(id);
    }
  }

  @Test
  void createEmpty() throws Exception {
    try (DriverFixture f = DriverFixture.create("empty")) {
      OverlayDriver d = f.driver;
      d.create("empty", null, CreateOpts.DEFAULT);
      assertThat(d.exists("empty")).isTrue();
      Path dir = f.home().resolve("empty");
      String link = Files.readString(dir.resolve("link"));
      assertThat(link).matches("[A-Z2-7]{26}");
      assertThat(Files.readSymbolicLink(f.home().resolve("l").resolve(link))).isEqualTo(Path.of("../empty/diff"));
      assertThat(dir.resolve("lower")).doesNotExist();
      assertThat(dir.resolve("empty")).isDirectory();
      assertThat(mode(dir) & 0777).isEqualTo(0700);

      Path merged = d.get("empty", MountOpts.DEFAULT);
      assertThat(merged).isEqualTo(dir.resolve("merged"));
      assertThat(MountInfo.isMountPoint(merged)).isTrue();
      assertThat(mode(merged) & 07777).isEqualTo(0555);
      assertThat(uid(merged)).isZero();
      assertThat(gid(merged)).isZero();
      try (var s = Files.list(merged)) {
        assertThat(s.count()).isZero();
      }
      d.put("empty");
      assertThat(MountInfo.isMountPoint(merged)).isFalse();
      assertThat(merged).doesNotExist();
      d.remove("empty");
      assertThat(d.exists("empty")).isFalse();
      assertThat(f.home().resolve("l").resolve(link)).doesNotExist();
    }
  }

  @Test
  void createBaseAndSnapshots() throws Exception {
    try (DriverFixture f = DriverFixture.create("snap")) {
      OverlayDriver d = f.driver;
      createBase(d, "Base");
      verifyBase(d, "Base", 0555);

      d.create("Snap", "Base", CreateOpts.DEFAULT);
      String baseLink = Files.readString(f.home().resolve("Base/link"));
      assertThat(Files.readString(f.home().resolve("Snap/lower"))).isEqualTo("l/" + baseLink);
      assertThat(f.home().resolve("Snap/empty")).doesNotExist();
      verifyBase(d, "Snap", 0555);

      Path root = d.get("Snap", MountOpts.DEFAULT);
      Syscalls.chmod(root, 0711);
      d.put("Snap");
      d.create("SecondSnap", "Snap", CreateOpts.DEFAULT);
      String snapLink = Files.readString(f.home().resolve("Snap/link"));
      assertThat(Files.readString(f.home().resolve("SecondSnap/lower")))
          .isEqualTo("l/" + snapLink + ":l/" + baseLink);
      verifyBase(d, "SecondSnap", 0711);

      d.createFromTemplate("FromTemplate", "Snap", null, CreateOpts.DEFAULT, false);
      verifyBase(d, "FromTemplate", 0711);
      d.createFromTemplate("RwFromTemplate", "Base", null, CreateOpts.DEFAULT, true);
      verifyBase(d, "RwFromTemplate", 0555);

      assertThat(d.listLayers()).containsExactly("Base", "FromTemplate", "RwFromTemplate", "SecondSnap", "Snap");
      assertThat(d.metadata("SecondSnap")).containsEntry("UpperDir", f.home().resolve("SecondSnap/diff").toString())
          .containsEntry("LowerDir", f.home().resolve("Snap/diff") + ":" + f.home().resolve("Base/diff"));
      assertThat(d.isParent("SecondSnap", "Snap")).isTrue();
      assertThat(d.isParent("SecondSnap", "Base")).isFalse();
      assertThat(d.isParent("Base", null)).isTrue();
    }
  }

  @Test
  void readOnlyMountMakesTheUpperALower() throws Exception {
    try (DriverFixture f = DriverFixture.create("ro")) {
      OverlayDriver d = f.driver;
      createBase(d, "Base");
      d.create("Child", "Base", CreateOpts.DEFAULT);
      Path m = d.get("Child", MountOpts.DEFAULT);
      Files.writeString(m.resolve("child-file"), "child");
      d.put("Child");
      Path ro = d.get("Child", MountOpts.readOnly());
      try {
        assertThat(Files.readString(ro.resolve("child-file"))).isEqualTo("child");
        assertThat(Files.readString(ro.resolve("a file"))).isEqualTo("Some data");
        MountInfo mi = MountInfo.at(ro).get(0);
        assertThat(mi.options()).startsWith("ro");
        assertThat(mi.superOptionMap()).doesNotContainKey("upperdir");
        assertThatThrownBy(() -> Files.writeString(ro.resolve("x"), "x")).hasMessageContaining("Read-only");
      } finally {
        d.put("Child");
      }
    }
  }

  @Test
  void statusAndCachedFeatureFiles() throws Exception {
    try (DriverFixture f = DriverFixture.create("status")) {
      assertThat(f.driver.status()).extracting(StatusRow::key)
          .containsExactly("Backing Filesystem", "Supports d_type", "Native Overlay Diff", "Using metacopy");
      assertThat(f.driver.status().get(0).value()).isEqualTo("extfs");
      Path run = f.runRoot.resolve("overlay");
      assertThat(run.resolve("overlay-true")).isRegularFile();
      assertThat(run.resolve("metacopy()-false").toFile().exists() || run.resolve("metacopy()-true").toFile().exists())
          .isTrue();
      assertThat(run.resolve("native-diff()-true").toFile().exists()
          || run.resolve("native-diff()-false").toFile().exists()).isTrue();
      try (var s = Files.list(f.home())) {
        assertThat(s.map(p -> p.getFileName().toString())).containsExactly("l");
      }
      assertThat(MountInfo.isMountPoint(f.home())).isTrue();
      assertThat(MountInfo.at(f.home()).get(0).optionalFields()).noneMatch(o -> o.startsWith("shared:"));
    }
  }

  @Test
  void cachedProbeIsReusedAndMetacopyOptionGetsItsOwnFile() throws Exception {
    try (DriverFixture f = DriverFixture.create("cache", "overlay.mountopt=nodev,metacopy=on")) {
      Path run = f.runRoot.resolve("overlay");
      assertThat(run.resolve("metacopy(nodev,metacopy=on)-true")).exists();
      assertThat(f.driver.usingMetacopy()).isTrue();
      assertThat(f.driver.useNaiveDiff()).isTrue();
      assertThat(Files.readString(run.resolve("native-diff(nodev,metacopy=on)-false")))
          .startsWith("Not using native diff for overlay");
      f.driver.create("a", null, CreateOpts.DEFAULT);
      Path m = f.driver.get("a", MountOpts.DEFAULT);
      assertThat(MountInfo.at(m).get(0).superOptionMap()).containsKey("metacopy");
      f.driver.put("a");
    }
  }
}
