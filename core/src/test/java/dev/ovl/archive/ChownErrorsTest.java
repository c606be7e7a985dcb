package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.MountInfo;
import dev.ovl.natives.SyscallException;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ignore_chown_errors on bindfs --chown-deny, a FUSE fs where even root's chown fails with EPERM. */
class ChownErrorsTest {
  static byte[] tar() {
    return new RawTar().entry("d", '5', 0755, 1000, 1000, 1_700_000_000L, new byte[0], "", Map.of())
        .entry("d/f", '0', 0755, 1000, 1000, 1_700_000_000L, "data".getBytes(StandardCharsets.UTF_8), "", Map.of())
        .bytes();
  }

  static long apply(Path target, boolean ignoreChownErrors) throws Exception {
    ApplyOptions o = new ApplyOptions(IdMappings.IDENTITY, WhiteoutFormat.OVERLAY, ignoreChownErrors, null, false);
    return TarApply.apply(new ByteArrayInputStream(tar()), target, o, Progress.NONE, Cancel.NEVER);
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }

  @Test
  void chownFailuresFailTheApplyUnlessIgnored() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("chown-deny")) {
      Path mnt = Files.createDirectories(s.resolve("mnt"));
      run("bindfs", "--chown-deny", "--chgrp-deny", Files.createDirectories(s.resolve("src")).toString(),
          mnt.toString());
      assertThat(MountInfo.at(mnt)).as("bindfs mounted").isNotEmpty();
      Path strict = Files.createDirectory(mnt.resolve("strict"));
      assertThatThrownBy(() -> apply(strict, false)).isInstanceOf(SyscallException.Denied.class)
          .hasMessageContaining("EPERM").hasMessageContaining(strict.resolve("d").toString())
          .message().doesNotContain("\n");
      assertThat(strict).as("rolled back").isEmptyDirectory();

      Path lenient = Files.createDirectory(mnt.resolve("lenient"));
      apply(lenient, true);
      assertThat(Files.readString(lenient.resolve("d/f"))).isEqualTo("data");
      assertThat(Files.getAttribute(lenient.resolve("d/f"), "unix:uid")).as("the chown did fail").isEqualTo(0);
      assertThat(Files.getLastModifiedTime(lenient.resolve("d/f")).toMillis()).isEqualTo(1_700_000_000_000L);
    }
  }
}
