package dev.ovl.interop;

import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.MountOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.natives.Syscalls;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A four-layer chain made by ovl, its contents written through its own mounts so that the kernel makes the
 * whiteouts and opaque dirs.
 */
public final class OvlChain {
  private OvlChain() {}

  private static String id(Random rnd) {
    byte[] b = new byte[32];
    rnd.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Writes into the layer through its mount. */
  private interface Content {
    void write(Path merged) throws Exception;
  }

  private static void fill(OverlayDriver d, String id, Content c) throws Exception {
    Path m = d.get(id, MountOpts.DEFAULT);
    try {
      c.write(m);
    } finally {
      d.put(id);
    }
  }

  private static void file(Path p, String text, int mode, int uid, int gid) throws Exception {
    Files.writeString(p, text);
    Syscalls.chown(p, uid, gid);
    Syscalls.chmod(p, mode);
  }

  private static void dir(Path p, int mode, int uid, int gid) throws Exception {
    Files.createDirectory(p);
    Syscalls.chown(p, uid, gid);
    Syscalls.chmod(p, mode);
  }

  /**
   * Base (files, dirs, setuid, hard and soft links, fifo, char device, 300 kB blob), a middle layer that edits,
   * deletes and makes {@code opq} opaque, a top layer that deletes {@code bin}, chmods, chowns and renames, and an
   * empty writable layer; returns their ids (random hex, seeded), base first.
   */
  public static List<String> create(OverlayDriver d) throws Exception {
    Random rnd = new Random(7);
    String base = id(rnd);
    String middle = id(rnd);
    String top = id(rnd);
    String container = id(rnd);
    byte[] blob = new byte[300_000];
    rnd.nextBytes(blob);
    d.create(base, null, CreateOpts.DEFAULT);
    fill(d, base, m -> {
      dir(m.resolve("etc"), 0755, 0, 0);
      file(m.resolve("etc/hosts"), "127.0.0.1 localhost\n", 0644, 0, 0);
      dir(m.resolve("bin"), 0755, 0, 0);
      file(m.resolve("bin/tool"), "#!/bin/sh\n", 04755, 1000, 1000);
      Files.createSymbolicLink(m.resolve("bin/sh"), Path.of("tool"));
      Files.createLink(m.resolve("bin/tool2"), m.resolve("bin/tool"));
      dir(m.resolve("data"), 0750, 1000, 2000);
      file(m.resolve("data/a"), "a\n", 0644, 0, 0);
      file(m.resolve("data/b"), "b\n", 0644, 0, 0);
      Files.write(m.resolve("data/blob"), blob);
      dir(m.resolve("tmp"), 01777, 0, 0);
      Syscalls.mknod(m.resolve("tmp/fifo"), Syscalls.S_IFIFO | 0620, 0);
      dir(m.resolve("dev"), 0755, 0, 0);
      Syscalls.mknod(m.resolve("dev/null"), Syscalls.S_IFCHR | 0666, Syscalls.makedev(1, 3));
      dir(m.resolve("opq"), 0755, 0, 0);
      file(m.resolve("opq/old"), "old\n", 0644, 0, 0);
    });
    d.create(middle, base, CreateOpts.DEFAULT);
    fill(d, middle, m -> {
      Files.writeString(m.resolve("etc/hosts"), "10.0.0.1 gateway\n");
      Files.delete(m.resolve("data/a"));
      file(m.resolve("data/c"), "c\n", 0640, 33, 33);
      Files.delete(m.resolve("opq/old"));
      Files.delete(m.resolve("opq"));
      dir(m.resolve("opq"), 0711, 0, 0);
      file(m.resolve("opq/new"), "new\n", 0644, 0, 0);
    });
    d.create(top, middle, CreateOpts.DEFAULT);
    fill(d, top, m -> {
      Scratch.deleteTree(m.resolve("bin"));
      Syscalls.chmod(m.resolve("etc"), 0700);
      Syscalls.chown(m.resolve("data/b"), 2000, 2000);
      Files.move(m.resolve("data/c"), m.resolve("data/c-moved"));
      Files.createSymbolicLink(m.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
    });
    d.createReadWrite(container, top, CreateOpts.DEFAULT);
    return List.of(base, middle, top, container);
  }

}
