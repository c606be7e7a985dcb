package dev.ovl.natives;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.archive.DirSize;
import dev.ovl.testing.Scratch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** getdents64 listing, d_type and statx relative to the descriptor, on real files (a name that is not UTF-8 too). */
class DirFdTest {
  @Test
  void listsTypesAndStatsEveryEntryOnceWithoutDots() throws Exception {
    try (Scratch s = Scratch.create("dirfd")) {
      Path d = s.resolve("d");
      Files.createDirectories(d.resolve("sub/deeper"));
      Files.writeString(d.resolve("a"), "abc");
      Files.createSymbolicLink(d.resolve("l"), Path.of("a-target-that-is-long"));
      for (int i = 0; i < 3000; i++) { // more than one getdents64 buffer
        Files.writeString(d.resolve("sub/f" + i), "12345");
      }
      Files.createLink(d.resolve("sub/hard"), d.resolve("a"));
      Process p = new ProcessBuilder("sh", "-c", "printf 1234567 > \"$(printf 'raw\\377')\"").directory(d.toFile())
          .start();
      assertThat(p.waitFor()).isZero();

      Map<String, Integer> types = new HashMap<>();
      Map<String, Long> sizes = new HashMap<>();
      try (DirFd dir = DirFd.open(d)) {
        while (dir.next()) {
          String name = new String(dir.nameBytes(), StandardCharsets.ISO_8859_1);
          types.put(name, dir.type());
          sizes.put(name, dir.lstat().size());
          assertThat(new String(dir.childPath(), StandardCharsets.ISO_8859_1)).isEqualTo(d + "/" + name);
        }
      }
      assertThat(types).containsOnlyKeys("a", "l", "sub", "raw\u00ff");
      assertThat(types.get("sub")).isIn(DirFd.DT_DIR, DirFd.DT_UNKNOWN);
      assertThat(sizes).containsEntry("a", 3L).containsEntry("l", 21L).containsEntry("raw\u00ff", 7L);
      int n = 0;
      try (DirFd dir = DirFd.open(d.resolve("sub"))) {
        while (dir.next()) {
          n++;
        }
      }
      assertThat(n).isEqualTo(3002);
      // a (3, linked twice: once), l (21), raw (7), 3000 x 5
      assertThat(DirSize.of(d)).isEqualTo(3 + 21 + 7 + 3000 * 5);
    }
  }
}
