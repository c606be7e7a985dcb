package dev.ovl.demo;

import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the demo's file contents straight into freshly created, unmounted {@code diff} dirs. */
final class DemoLayers {
  private DemoLayers() {}

  static void base(Path diff) throws IOException {
    write(diff, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n");
    write(diff, "etc/group", "root:x:0:\nnogroup:x:65534:\n");
    write(diff, "etc/os-release", "NAME=\"ovl demo\"\nID=ovldemo\nVERSION_ID=1\n");
    write(diff, "etc/motd", "Welcome to the ovl demo base image.\n");
    write(diff, "bin/busybox", "\u007fELF (not a real binary: demo contents)\n");
    Files.createSymbolicLink(diff.resolve("bin/sh"), Path.of("busybox"));
    write(diff, "usr/share/doc/base/README", "Base layer shared by every demo image.\n");
    write(diff, "var/cache/apt/pkgcache.bin", "x".repeat(4096));
  }

  static void tools(Path diff) throws IOException {
    write(diff, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n"
        + "tools:x:1000:1000:tools:/home/tools:/bin/sh\n");
    write(diff, "usr/bin/curl", "\u007fELF curl (demo)\n" + "c".repeat(20_000));
    write(diff, "home/tools/.profile", "export PATH=/usr/local/bin:$PATH\n");
  }

  /** Deletes /etc/motd and the old apt cache: one whiteout file and one opaque dir. */
  static void python(Path diff) throws IOException {
    write(diff, "usr/bin/python3", "\u007fELF python3 (demo)\n" + "p".repeat(50_000));
    write(diff, "usr/lib/python3/os.py", "\"\"\"OS routines (demo).\"\"\"\nimport sys\n");
    whiteout(diff, "etc/motd");
    write(diff, "var/cache/apt/fresh.txt", "the apt cache was emptied in this layer\n");
    opaque(diff.resolve("var/cache/apt"));
  }

  static void web(Path diff) throws IOException {
    write(diff, "srv/www/index.html", "<html><body><h1>ovl demo</h1></body></html>\n");
    write(diff, "etc/nginx/nginx.conf", "events {}\nhttp { server { listen 80; root /srv/www; } }\n");
  }

  static void app(Path diff) throws IOException {
    write(diff, "srv/www/app.js", "console.log('demo app');\n");
    write(diff, "srv/www/index.html", "<html><body><script src=app.js></script></body></html>\n");
  }

  static void container(Path diff) throws IOException {
    write(diff, "root/.ash_history", "python3 -V\nls /srv\n");
    write(diff, "tmp/session.log", "session started\n");
  }

  private static void write(Path diff, String rel, String text) throws IOException {
    Path p = diff.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  private static void whiteout(Path diff, String rel) throws IOException {
    Path p = diff.resolve(rel);
    Files.createDirectories(p.getParent());
    Syscalls.mknod(p, Syscalls.S_IFCHR, Syscalls.makedev(0, 0));
  }

  private static void opaque(Path dir) throws IOException {
    Files.createDirectories(dir);
    Syscalls.lsetxattr(dir, "trusted.overlay.opaque", new byte[] {'y'}, 0);
  }
}
