package dev.ovl.archive;

import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a directory holding every entry type a layer can carry. */
final class Trees {
  static final long T = 1_650_000_000L * 1_000_000_000L;

  private Trees() {}

  /** A v2 security.capability value granting cap_net_bind_service. */
  static byte[] capability() {
    return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(0x02000001).putInt(1 << 10).putInt(0).putInt(0).putInt(0).array();
  }

  static void everyType(Path root) throws IOException {
    Path d = Files.createDirectories(root.resolve("dir/sub"));
    Files.writeString(root.resolve("dir/file.txt"), "hello\n");
    Files.write(root.resolve("dir/big.bin"), new byte[300_000]);
    Files.writeString(root.resolve("setuid"), "#!/bin/sh\n");
    Syscalls.chmod(root.resolve("setuid"), 04755);
    Files.writeString(root.resolve("setgid"), "g");
    Syscalls.chmod(root.resolve("setgid"), 02711);
    Files.createDirectories(root.resolve("tmp"));
    Syscalls.chmod(root.resolve("tmp"), 01777);
    Files.writeString(root.resolve("empty"), "");
    Files.createSymbolicLink(root.resolve("link"), Path.of("dir/file.txt"));
    Files.createSymbolicLink(root.resolve("abslink"), Path.of("/etc/hostname"));
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere/at/all"));
    Files.createLink(root.resolve("hard"), root.resolve("dir/file.txt"));
    Syscalls.mknod(root.resolve("fifo"), Syscalls.S_IFIFO | 0640, 0);
    Syscalls.mknod(root.resolve("null"), Syscalls.S_IFCHR | 0666, Syscalls.makedev(1, 3));
    Syscalls.mknod(root.resolve("blk"), Syscalls.S_IFBLK | 0660, Syscalls.makedev(7, 200));
    Syscalls.mknod(root.resolve("bigdev"), Syscalls.S_IFCHR | 0600, Syscalls.makedev(4000, 70000));
    Syscalls.lsetxattr(root.resolve("dir/file.txt"), "user.note", "a\0binary\u00ff".getBytes("ISO-8859-1"), 0);
    Syscalls.lsetxattr(root.resolve("setuid"), "security.capability", capability(), 0);
    Syscalls.lsetxattr(d, "user.dir", new byte[] {1}, 0);
    String longDir = "l".repeat(120) + "/" + "m".repeat(120);
    Files.createDirectories(root.resolve(longDir));
    Files.writeString(root.resolve(longDir + "/" + "n".repeat(200)), "long name");
    Files.createSymbolicLink(root.resolve("longlink"), Path.of("t".repeat(150) + "/x"));
    Files.writeString(root.resolve("ünïcødé-名前"), "utf8");
    Files.writeString(root.resolve("owned"), "o");
    Syscalls.lchown(root.resolve("owned"), 1234, 5678);
    Syscalls.lchown(root.resolve("dangling"), 3000000, 42);
    setTimes(root);
  }

  /** Whole-second mtimes everywhere, dirs last, as a tar carries them. */
  static void setTimes(Path root) throws IOException {
    try (var s = Files.walk(root)) {
      var paths = s.sorted(java.util.Comparator.reverseOrder()).toList();
      long i = 0;
      for (Path p : paths) {
        Syscalls.lutimes(p, T + (i * 1_000_000_000L), T + (i++ * 1_000_000_000L));
      }
    }
  }
}
