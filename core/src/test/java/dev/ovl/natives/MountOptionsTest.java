package dev.ovl.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountOptionsTest {
  @Test
  void flagsAndDataAreSeparated() {
    MountOptions.Parsed p = MountOptions.parse("ro,nodev,context=\"system_u:object_r:x:s0\",lowerdir=/a:/b");
    assertThat(p.flags()).isEqualTo(Syscalls.MS_RDONLY | Syscalls.MS_NODEV);
    assertThat(p.data()).isEqualTo("context=\"system_u:object_r:x:s0\",lowerdir=/a:/b");
    assertThat(p.readOnly()).isTrue();
  }

  @Test
  void laterWordsClearEarlierFlagsAndEmptyEntriesVanish() {
    MountOptions.Parsed p = MountOptions.parse(",ro,,rw,noexec,exec,nosuid,defaults,metacopy=on");
    assertThat(p.flags()).isEqualTo(Syscalls.MS_NOSUID);
    assertThat(p.data()).isEqualTo("metacopy=on");
  }

  @Test
  void recursiveFlags() {
    assertThat(MountOptions.parse("rprivate").flags()).isEqualTo(Syscalls.MS_PRIVATE | Syscalls.MS_REC);
    assertThat(MountOptions.parse("").flags()).isZero();
  }

  @Test
  void mountInfoLinesParseWithEscapesAndOptionalFields() throws Exception {
    var mounts = MountInfo.parse(
        "36 35 98:0 /mnt1 /mnt\\0402 rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue\n"
            + "40 36 0:50 / /var/lib/x/overlay/abc/merged rw,relatime - overlay overlay "
            + "rw,lowerdir=/l/A:/l/B,upperdir=/u,workdir=/w\n");
    assertThat(mounts).hasSize(2);
    assertThat(mounts.get(0).mountPoint()).isEqualTo(Path.of("/mnt 2"));
    assertThat(mounts.get(0).optionalFields()).containsExactly("master:1", "shared:2");
    assertThat(mounts.get(1).fsType()).isEqualTo("overlay");
    assertThat(mounts.get(1).superOptionMap()).containsEntry("lowerdir", "/l/A:/l/B").containsEntry("rw", "");
  }

  @Test
  void malformedMountInfoNamesTheLine() {
    assertThatThrownBy(() -> MountInfo.parse("36 35 98:0 / /\n1 2 3\n"))
        .hasMessageContaining("line 1");
  }
}
