package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** An apply from a {@link TarFile}, whose big entries are copied file to file, gives what a stream gives. */
class TarFileApplyTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  @Test
  void sameTreeAndSizeAsFromAStream() throws IOException {
    try (Scratch s = Scratch.create("tarfile")) {
      byte[] tar = layer().bytes();
      Path fromStream = Files.createDirectories(s.resolve("stream"));
      Path fromFile = Files.createDirectories(s.resolve("file"));
      long streamed = TarApply.apply(new ByteArrayInputStream(tar), fromStream, ApplyOptions.overlay(),
          Progress.NONE, Cancel.NEVER);
      long copied;
      try (InputStream in = TarFile.open(Files.write(s.resolve("layer.tar"), tar))) {
        assertThat(in).isInstanceOf(TarFile.class);
        copied = TarApply.apply(in, fromFile, ApplyOptions.overlay(), Progress.NONE, Cancel.NEVER);
      }
      assertThat(copied).isEqualTo(streamed);
      assertThat(withoutWhiteoutTimes(fromFile)).isEqualTo(withoutWhiteoutTimes(fromStream));
      assertThat(Files.readAllBytes(fromFile.resolve("d/big"))).isEqualTo(data(3 << 20, 1));
    }
  }

  @Test
  void fileEndingInsideABigEntryIsRefusedWithItsOffsetAndNothingWritten() throws IOException {
    try (Scratch s = Scratch.create("tarfile-cut")) {
      byte[] body = layer().body();
      int cut = 512 * 6 + (2 << 20); // d, d/small and its data, d/big's PAX header and records, its header
      Path target = Files.createDirectories(s.resolve("target"));
      Files.writeString(target.resolve("keep"), "keep");
      Path tar = Files.write(s.resolve("cut.tar"), Arrays.copyOf(body, cut));
      Map<String, String> before = TreeSnapshot.of(s.path());
      try (InputStream in = TarFile.open(tar)) {
        assertThatThrownBy(() -> TarApply.apply(in, target, ApplyOptions.overlay(), Progress.NONE, Cancel.NEVER))
            .isInstanceOf(TarFormatException.class)
            .hasMessageContaining("offset " + cut);
      }
      assertThat(TreeSnapshot.of(s.path())).isEqualTo(before);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.ovl.archive.HostileTarTest#refused")
  void hostileTarsFromAFileChangeNothing(String name, Function<String, RawTar> tar) throws IOException {
    try (Scratch s = Scratch.create("tarfile-hostile")) {
      Path target = Files.createDirectories(s.resolve("target/kd")).getParent();
      Files.writeString(target.resolve("keep"), "keep");
      Files.createDirectories(s.resolve("outside"));
      Files.writeString(s.resolve("outside/secret"), "secret");
      RawTar t = tar.apply(s.resolve("outside").toString());
      Path file = Files.write(s.resolve("hostile.tar"), t.bytes());
      Map<String, String> before = TreeSnapshot.of(s.path());
      try (InputStream in = TarFile.open(file)) {
        assertThatThrownBy(() -> TarApply.apply(in, target, ApplyOptions.overlay(), Progress.NONE, Cancel.NEVER))
            .isInstanceOf(IOException.class);
      }
      assertThat(TreeSnapshot.of(s.path())).isEqualTo(before);
    }
  }

  /** A whiteout is made when it is applied, as Go makes it: its mtime is the time of the apply. */
  private static Map<String, String> withoutWhiteoutTimes(Path root) throws IOException {
    Map<String, String> m = new java.util.TreeMap<>(TreeSnapshot.of(root));
    m.replaceAll((k, v) -> v.contains("rdev=0:0") ? v.replaceAll(" mtime=\\d+", "") : v);
    return m;
  }

  /** Big files with owners, modes, times and xattrs, a hard link to one, small files, a whiteout. */
  private static RawTar layer() {
    return new RawTar().dir("d").file("d/small", "small")
        .entry("d/big", '0', 04755, 1000, 1001, 1_600_000_000L, data(3 << 20, 1), "",
            RawTar.pax("SCHILY.xattr.user.big", "yes"))
        .entry("d/link", '1', 0644, 0, 0, 1_600_000_000L, new byte[0], "d/big", Map.of())
        .entry("big2", '0', 0600, 7, 8, 1_500_000_000L, data((1 << 20) + 1, 2), "", Map.of())
        .file("d/.wh.gone", "")
        .file("after", "after".getBytes(StandardCharsets.UTF_8).length + " bytes");
  }

  private static byte[] data(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
