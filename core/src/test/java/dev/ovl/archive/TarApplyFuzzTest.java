package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.SyscallException;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jazzer target for the tar reader and applier: hostile tars (raw bytes, or entries built from the input with
 * climbing names, symlinks out of the target, whiteouts, PAX records) are applied into a temp target that holds
 * symlinks to a sibling dir. Nothing outside the target may change; a failure is a one-line IOException and leaves
 * the target as it was. {@code mvn verify} replays {@code TarApplyFuzzTestInputs/}.
 */
class TarApplyFuzzTest {
  private static final Path SANDBOX = Path.of(System.getProperty("ovl.fuzzDir", "/dev/shm"));
  private static final String[] PARTS = {"a", "b", "a/f", "s", "abs", "hl", "..", ".", "", ".wh.a", ".wh.s",
      ".wh..wh..opq", ".wh..wh.plnk", "d", "out", "/", "//", "a/../..", "s/x", "abs/y"};
  private static final char[] TYPES = {'0', '0', '5', '5', '2', '1', '3', '4', '6', '7', 'x', 'g', 'L', 'K', 'S',
      'Z', '\0'};
  private static final String[] PAX = {"path", "linkpath", "size", "uid", "mtime", "SCHILY.xattr.user.x",
      "SCHILY.xattr.trusted.overlay.opaque", "SCHILY.xattr.security.capability", "atime", "GNU.sparse.size"};

  @FuzzTest(maxDuration = "10s")
  void applyTar(FuzzedDataProvider data) throws Exception {
    Path base = Files.createTempDirectory(SANDBOX, "ovl-fuzz-tar-");
    try {
      Path target = Files.createDirectory(base.resolve("target"));
      Path outside = Files.createDirectory(base.resolve("outside"));
      Files.writeString(outside.resolve("keep"), "keep");
      Files.createDirectory(outside.resolve("d"));
      Files.createDirectories(target.resolve("a"));
      Files.writeString(target.resolve("a/f"), "f");
      Files.createSymbolicLink(target.resolve("s"), Path.of("../outside"));
      Files.createSymbolicLink(target.resolve("abs"), outside);
      Map<String, String> outsideBefore = snapshot(outside);
      Map<String, String> targetBefore = snapshot(target);

      WhiteoutFormat wf = data.consumeBoolean() ? WhiteoutFormat.OVERLAY : WhiteoutFormat.AUFS;
      boolean layerMode = data.consumeBoolean();
      IdMappings maps = data.consumeBoolean() ? IdMappings.IDENTITY
          : IdMappings.parse("0:100000:65536", "0:100000:65536");
      Integer mask = data.consumeBoolean() ? null : 0755;
      byte[] tar = data.consumeBoolean() ? data.consumeRemainingAsBytes() : build(data, outside);
      ApplyOptions opts = new ApplyOptions(maps, wf, false, mask, layerMode);
      try {
        TarApply.apply(new ByteArrayInputStream(tar), target, opts, Progress.NONE, Cancel.NEVER);
      } catch (TarFormatException | UnsafeEntryException | SyscallException e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        assertThat(snapshot(target)).as("target rolled back after %s", e.getMessage()).isEqualTo(targetBefore);
      }
      assertThat(snapshot(outside)).as("nothing outside the target changed").isEqualTo(outsideBefore);
      try (var l = Files.list(base)) {
        assertThat(l.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("outside", "target");
      }
    } finally {
      Journal.deleteTree(base);
    }
  }

  /** A tar of entries whose names, types, links and PAX records come from the input. */
  private static byte[] build(FuzzedDataProvider data, Path outside) {
    RawTar t = new RawTar();
    int n = data.consumeInt(1, 8);
    for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
      String name = name(data);
      char type = data.pickValue(TYPES);
      String link = data.consumeBoolean() ? outside + "/" + data.pickValue(PARTS) : name(data);
      Map<String, byte[]> pax = new LinkedHashMap<>();
      if (data.consumeInt(0, 3) == 0) {
        pax.put(data.pickValue(PAX), data.consumeString(20).getBytes(StandardCharsets.UTF_8));
      }
      int mode = data.consumeInt(0, 07777);
      long id = data.pickValue(new long[] {0, 1000, 65535, 70000, 4294967295L});
      byte[] body = data.consumeBytes(data.consumeInt(0, 600));
      if (data.consumeInt(0, 15) == 0) {
        byte[] h = RawTar.header(name, type, mode, id, id, 1_700_000_000L, body.length, link, 0, 0);
        h[data.consumeInt(0, 511)] = data.consumeByte();
        t.raw(h, body);
      } else {
        t.entry(name, type, mode, id, id, 1_700_000_000L, body, link, pax);
      }
    }
    return data.consumeBoolean() ? t.bytes() : t.body();
  }

  private static String name(FuzzedDataProvider data) {
    StringBuilder b = new StringBuilder();
    int parts = data.consumeInt(1, 4);
    for (int i = 0; i < parts; i++) {
      if (i > 0) {
        b.append('/');
      }
      b.append(data.consumeBoolean() ? data.pickValue(PARTS) : data.consumeString(8));
    }
    return b.toString();
  }

  /** Path → type, owner, mode, size, mtime, link target, content digest and xattr names of everything below. */
  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (var w = Files.walk(root)) {
      for (Path p : w.toList()) {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode,size,lastModifiedTime,nlink",
            LinkOption.NOFOLLOW_LINKS);
        StringBuilder v = new StringBuilder().append(a.get("uid")).append(':').append(a.get("gid")).append(' ')
            .append(Integer.toOctalString((Integer) a.get("mode"))).append(' ').append(a.get("size")).append(' ')
            .append(a.get("lastModifiedTime")).append(' ').append(a.get("nlink"));
        if (Files.isSymbolicLink(p)) {
          v.append(" -> ").append(Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          v.append(' ').append(digest(Files.readAllBytes(p)));
        }
        List<String> x = Syscalls.llistxattr(p).stream().sorted().toList();
        m.put(root.relativize(p).toString(), v.append(' ').append(x).toString());
      }
    }
    return m;
  }

  private static String digest(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
