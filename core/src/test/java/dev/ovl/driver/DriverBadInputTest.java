package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.idtools.IdMappings;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad ids, missing layers and bad options: a clear one-line error and no debris. */
class DriverBadInputTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  /** Every path under the home with its type and link target, to prove nothing changed. */
  static Map<String, String> snapshot(Path home) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (var s = Files.walk(home)) {
      for (Path p : s.toList()) {
        String v = Files.isSymbolicLink(p) ? "->" + Files.readSymbolicLink(p)
            : Files.isDirectory(p) ? "dir" : "file:" + Files.size(p);
        m.put(home.relativize(p).toString(), v);
      }
    }
    return m;
  }

  @Test
  void badIdsAreErrorsNeverPaths() throws Exception {
    try (DriverFixture f = DriverFixture.create("badid")) {
      OverlayDriver d = f.driver;
      d.create("ok", null, CreateOpts.DEFAULT);
      Map<String, String> before = snapshot(f.home());
      for (String bad : List.of("", "a/b", "..", ".", "x\0y", "../escape", "l")) {
        assertThatThrownBy(() -> d.create(bad, null, CreateOpts.DEFAULT))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid layer id");
        assertThatThrownBy(() -> d.create("child", bad.isEmpty() ? "a/b" : bad, CreateOpts.DEFAULT))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.get(bad, MountOpts.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.remove(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.exists(bad)).isFalse();
      }
      assertThat(snapshot(f.home())).isEqualTo(before);
      assertThat(f.scratch.path().resolve("escape")).doesNotExist();
    }
  }

  @Test
  void missingParentAndMissingLayerLeaveNoDebris() throws Exception {
    try (DriverFixture f = DriverFixture.create("missing")) {
      OverlayDriver d = f.driver;
      d.create("ok", null, CreateOpts.DEFAULT);
      Map<String, String> before = snapshot(f.home());
      assertThatThrownBy(() -> d.create("child", "nope", CreateOpts.DEFAULT))
          .hasMessageContaining("parent layer nope does not exist");
      assertThatThrownBy(() -> d.get("nope", MountOpts.DEFAULT)).hasMessageContaining("layer nope does not exist");
      assertThatThrownBy(() -> d.put("nope")).hasMessageContaining("layer nope does not exist");
      assertThatThrownBy(() -> d.metadata("nope")).hasMessageContaining("layer nope does not exist");
      assertThatThrownBy(() -> d.create("ok", null, CreateOpts.DEFAULT)).hasMessageContaining("already exists");
      assertThatThrownBy(() -> d.create("sized", null, new CreateOpts(null, Map.of("size", "10M"))))
          .hasMessage("--storage-opt size is only supported for ReadWrite Layers");
      assertThatThrownBy(() -> d.createReadWrite("sized", null, new CreateOpts(null, Map.of("size", "10M"))))
          .hasMessageContaining("only for overlay over xfs");
      d.remove("nope"); // removing what is not there is fine, as in the reference
      assertThat(snapshot(f.home())).isEqualTo(before);
    }
  }

  @Test
  void failedCreateRemovesItsLayerDirAndLink() throws Exception {
    try (DriverFixture f = DriverFixture.create("failcreate")) {
      OverlayDriver d = f.driver;
      d.create("parent", null, CreateOpts.DEFAULT);
      Files.writeString(f.home().resolve("parent/lower"), "l/../../x"); // corrupt: child creation must fail
      Map<String, String> before = snapshot(f.home());
      assertThatThrownBy(() -> d.create("child", "parent", CreateOpts.DEFAULT)).hasMessageContaining("lower entry");
      assertThat(snapshot(f.home())).isEqualTo(before);
    }
  }

  @Test
  void optionTable() throws Exception {
    record Case(String option, String error) {}
    List<Case> cases = List.of(
        new Case("overlay.mountopt=nodev", null),
        new Case("overlay2.mountopt=nodev", null),
        new Case(".mountopt=nodev", null),
        new Case("OVERLAY.MountOpt=nodev", null),
        new Case("overlay.override_kernel_check=true", null),
        new Case("overlay.skip_mount_home=true", null),
        new Case("overlay.skip_mount_home=maybe", "invalid syntax"),
        new Case("overlay.ignore_chown_errors=1", null),
        new Case("overlay.ignore_chown_errors=yes", "invalid syntax"),
        new Case("overlay.force_mask=shared", "'force_mask' is supported only with 'mount_program'"),
        new Case("overlay.force_mask=9z", "not shared, private or an octal mode"),
        new Case("overlay.size=10G", "only supported for backingFS XFS. Found extfs"),
        new Case("overlay.size=ten", "invalid size"),
        new Case("overlay.imagestore=relative/path", "is not absolute"),
        new Case("overlay.imagestore=/nonexistent-store", "can't stat imageStore dir"),
        new Case("overlay.imagestore=/etc/hostname", "must be a directory"),
        new Case("overlay.mount_program=/nonexistent/fuse", "can't stat program"),
        new Case("overlay.frobnicate=1", "overlay: Unknown option overlay.frobnicate"),
        new Case("novalue", "unable to parse key/value option"));
    for (Case c : cases) {
      try (Scratch s = Scratch.create("opt")) {
        Path root = Files.createDirectories(s.resolve("root"));
        Path run = s.resolve("run");
        if (c.error() == null) {
          OverlayDriver.init(root.resolve("overlay"), run.resolve("overlay"), List.of(c.option()), IdMappings.IDENTITY)
              .close();
        } else {
          assertThatThrownBy(() -> OverlayDriver.init(root.resolve("overlay"), run.resolve("overlay"),
              List.of(c.option()), IdMappings.IDENTITY))
              .as(c.option()).hasMessageContaining(c.error()).message().doesNotContain("\n");
        }
      }
    }
    DriverOptions o = DriverOptions.parse(List.of("overlay.force_mask=private", "overlay.size=1.5k",
        "overlay.mountopt=nodev,metacopy=on", "overlay.imagestore=/tmp,/var"));
    assertThat(o.forceMask()).hasValue(0700);
    assertThat(o.quotaSize()).isEqualTo(1536);
    assertThat(o.mountOptionList()).containsExactly("nodev", "metacopy=on");
    assertThat(o.imageStores()).containsExactly(Path.of("/tmp"), Path.of("/var"));
    assertThat(DriverOptions.parse(List.of("overlay.force_mask=0750")).forceMask()).hasValue(0750);
  }

  @Test
  void homeOnOverlayNeedsAMountProgram() throws Exception {
    try (DriverFixture f = DriverFixture.create("nested")) {
      f.driver.create("base", null, CreateOpts.DEFAULT);
      Path m = f.driver.get("base", MountOpts.DEFAULT);
      try {
        Files.createDirectories(m.resolve("root"));
        assertThatThrownBy(() -> OverlayDriver.init(m.resolve("root/overlay"), f.runRoot.resolve("x"), List.of(),
            IdMappings.IDENTITY)).hasMessageContaining("'overlay' is not supported over overlayfs, a mount_program is required");
      } finally {
        f.driver.put("base");
      }
    }
  }
}
