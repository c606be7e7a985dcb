package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.idtools.IdMappings;
import dev.ovl.interop.MergedView;
import dev.ovl.interop.OvlChain;
import dev.ovl.interop.Views;
import dev.ovl.natives.MountInfo;
import dev.ovl.natives.Syscalls;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** mount_program with Debian's fuse-overlayfs: same view as the kernel's overlay, ID shifting, errors, Put. */
class MountProgramTest {
  static final String FUSE_OVERLAYFS = "/usr/bin/fuse-overlayfs";

  private static OverlayDriver withProgram(Path root, Path run, String program, String... more) throws Exception {
    List<String> opts = new java.util.ArrayList<>(List.of("overlay.mount_program=" + program));
    opts.addAll(List.of(more));
    Files.createDirectories(root);
    return OverlayDriver.init(root.resolve("overlay"), run.resolve("overlay"), opts, IdMappings.IDENTITY);
  }

  @Test
  void fuseOverlayfsShowsTheSameMergedViewAsTheKernel() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("mount-program")) {
      Path root = Files.createDirectories(s.resolve("root"));
      Path run = s.resolve("run");
      List<String> ids;
      Map<String, SortedMap<String, String>> kernel = new TreeMap<>();
      try (OverlayDriver d = OverlayDriver.init(root.resolve("overlay"), run.resolve("overlay"), List.of(),
          IdMappings.IDENTITY)) {
        ids = OvlChain.create(d);
        for (String id : ids) {
          kernel.put(id, Views.ovl(d, id));
        }
      }
      try (OverlayDriver d = withProgram(root, run, FUSE_OVERLAYFS)) {
        assertThat(d.supportsShifting()).isTrue();
        assertThat(d.useNaiveDiff()).isTrue();
        String top = ids.get(3);
        Path merged = d.get(top, MountOpts.DEFAULT);
        try {
          assertThat(MountInfo.at(merged).get(0).fsType()).startsWith("fuse");
          assertThat(d.mountCount(top)).isEqualTo(1);
          assertThat(d.get(top, MountOpts.DEFAULT)).isEqualTo(merged);
          assertThat(d.mountCount(top)).isEqualTo(2);
          d.put(top);
          assertThat(MountInfo.isMountPoint(merged)).isTrue();
        } finally {
          d.put(top);
        }
        assertThat(MountInfo.isMountPoint(merged)).as("Put unmounts the FUSE mount").isFalse();
        assertThat(merged).doesNotExist();
        for (String id : ids) {
          assertThat(Views.ovl(d, id)).as("layer %s", id).isEqualTo(kernel.get(id));
        }
        Path m = d.get(top, MountOpts.DEFAULT);
        try {
          Files.writeString(m.resolve("through-fuse"), "written");
        } finally {
          d.put(top);
        }
        assertThat(Files.readString(d.diffPath(top).resolve("through-fuse"))).isEqualTo("written");
      }
    }
  }

  @Test
  void mappingsShiftOwnersThroughTheMountProgram() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("mount-program-shift")) {
      Path root = s.resolve("root");
      Path run = s.resolve("run");
      try (OverlayDriver d = withProgram(root, run, FUSE_OVERLAYFS)) {
        d.create("base", null, CreateOpts.DEFAULT);
        Path diff = d.diffPath("base");
        Files.writeString(diff.resolve("disk-1000"), "x");
        Syscalls.chown(diff.resolve("disk-1000"), 1000, 1001);
        Files.writeString(diff.resolve("disk-0"), "y");

        // the layer keeps container ids on disk; the mount shows them as the host ids they map to
        IdMappings shift = IdMappings.parse("0:1000:2000", "0:1000:2000");
        SortedMap<String, String> shifted = Views.ovl(d, "base", new MountOpts(List.of(), "", shift));
        assertThat(shifted.get("disk-0")).startsWith("- 0644 1000:1000 ");
        assertThat(shifted.get("disk-1000")).startsWith("- 0644 2000:2001 ");

        IdMappings squash = IdMappings.parse("0:4242:1", "0:4343:1");
        SortedMap<String, String> squashed = Views.ovl(d, "base", new MountOpts(List.of(), "", squash));
        assertThat(squashed.get("disk-1000")).startsWith("- 0644 4242:4343 ");
        assertThat(squashed.get("disk-0")).startsWith("- 0644 4242:4343 ");

        assertThat(MergedView.describe(diff.resolve("disk-1000"))).startsWith("- 0644 1000:1001 ");
      }
    }
  }

  @Test
  void appendMappingsBuildsTheReferencesOptions() {
    assertThat(LayerMounter.appendMappings("lowerdir=a", IdMappings.IDENTITY)).isEqualTo("lowerdir=a");
    assertThat(LayerMounter.appendMappings("lowerdir=a", IdMappings.parse("0:4242:1", "0:4343:1")))
        .isEqualTo("lowerdir=a,squash_to_uid=4242,squash_to_gid=4343");
    assertThat(LayerMounter.appendMappings("lowerdir=a", IdMappings.parse("0:100000:1000,1000:1000:1",
        "0:200000:65536")))
        .isEqualTo("lowerdir=a,uidmapping=0:100000:1000:1000:1000:1,gidmapping=0:200000:65536");
  }

  @Test
  void aFailingMountProgramGivesItsStderr() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("mount-program-fails")) {
      Path program = s.resolve("bad-mount");
      Files.writeString(program, "#!/bin/sh\necho \"cannot mount: $*\" >&2\nexit 3\n");
      Syscalls.chmod(program, 0755);
      Path silent = s.resolve("silent-mount");
      Files.writeString(silent, "#!/bin/sh\nexit 1\n");
      Syscalls.chmod(silent, 0755);
      try (OverlayDriver d = withProgram(s.resolve("root"), s.resolve("run"), program.toString())) {
        d.create("base", null, CreateOpts.DEFAULT);
        Path merged = d.home().resolve("base/merged");
        assertThatThrownBy(() -> d.get("base", MountOpts.DEFAULT))
            .hasMessageStartingWith("error creating overlay mount to " + merged + ": using mount program "
                + program + ": cannot mount: -o lowerdir=" + d.home().resolve("base/empty") + ",upperdir=")
            .hasMessageEndingWith(merged + ": exit status 3");
        assertThat(d.mountCount("base")).isZero();
      }
      Path echo = s.resolve("echo-mount");
      Files.writeString(echo, "#!/bin/sh\necho \"in $(pwd): $*\" >&2\nexit 1\n");
      Syscalls.chmod(echo, 0755);
      try (OverlayDriver d = withProgram(s.resolve("root"), s.resolve("run"), echo.toString())) {
        IdMappings maps = IdMappings.parse("0:100000:65536", "0:100000:65536");
        MountOpts shifted = new MountOpts(List.of(), "", maps);
        assertThatThrownBy(() -> d.get("base", shifted))
            .hasMessageContaining(": in " + d.home() + ": -o lowerdir=")
            .hasMessageContaining(",uidmapping=0:100000:65536,gidmapping=0:100000:65536 " + d.home()
                + "/base/merged: exit status 1");
        assertThatThrownBy(() -> d.get("base", shifted, true)).as("shifting disabled")
            .hasMessageNotContaining("mapping=")
            .hasMessageContaining(",workdir=" + d.home() + "/base/work " + d.home() + "/base/merged: exit status 1");
      }
      try (OverlayDriver d = withProgram(s.resolve("root"), s.resolve("run"), silent.toString())) {
        assertThatThrownBy(() -> d.get("base", MountOpts.DEFAULT))
            .hasMessageEndingWith("using mount program " + silent + ": <stderr empty>: exit status 1");
      }
    }
  }

  @Test
  void forceMaskNeedsAMountProgramAndSetsTheModeOfNewDiffs() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("force-mask")) {
      try (OverlayDriver d = withProgram(s.resolve("root"), s.resolve("run"), FUSE_OVERLAYFS,
          "overlay.force_mask=0750")) {
        d.create("base", null, CreateOpts.DEFAULT);
        assertThat(Dirs.permBits(d.diffPath("base"))).isEqualTo(0750);
        Files.delete(d.diffPath("base"));
        Path m = d.get("base", MountOpts.DEFAULT);
        d.put("base");
        assertThat(Dirs.permBits(d.diffPath("base"))).as("recreated diff").isEqualTo(0750);
        assertThat(m).doesNotExist();
      }
    }
  }
}
