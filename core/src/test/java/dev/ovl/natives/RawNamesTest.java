package dev.ovl.natives;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.testing.Scratch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RawNamesTest {
  /** Random names mixing ASCII, valid UTF-8 of every length and stray high bytes. */
  private static byte[] randomName(Random r) {
    byte[] out = new byte[64];
    int n = 0;
    int len = 1 + r.nextInt(12);
    for (int i = 0; i < len; i++) {
      byte[] piece = switch (r.nextInt(5)) {
        case 0 -> new byte[] {(byte) ('a' + r.nextInt(26))};
        case 1 -> new byte[] {(byte) (0x80 + r.nextInt(128))};
        case 2 -> "é".getBytes(StandardCharsets.UTF_8);
        case 3 -> new String(Character.toChars(0x10000 + r.nextInt(0x1000))).getBytes(StandardCharsets.UTF_8);
        default -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}; // an encoded surrogate: not UTF-8
      };
      if (n + piece.length > out.length) {
        break;
      }
      System.arraycopy(piece, 0, out, n, piece.length);
      n += piece.length;
    }
    return Arrays.copyOf(out, n);
  }

  @Test
  void everyByteSequenceRoundTrips() {
    Random r = new Random(20261128);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = randomName(r);
      String s = RawNames.decode(b);
      assertThat(RawNames.encode(s)).isEqualTo(b);
      assertThat(RawNames.decode(RawNames.encode(s))).isEqualTo(s);
      byte[] c = RawNames.cString(s);
      assertThat(c[c.length - 1]).isZero();
      assertThat(Arrays.copyOf(c, c.length - 1)).isEqualTo(b);
    }
  }

  @Test
  void validUtf8DecodesAsTheJdkDoes() {
    for (String s : List.of("", "plain", "café", "日本語", "emoji \uD83D\uDE00", "a/b/c")) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      assertThat(RawNames.decode(b)).isEqualTo(s);
      assertThat(RawNames.hasEscapes(s)).isFalse();
    }
    assertThat(RawNames.decode(new byte[] {'c', 'a', 'f', (byte) 0xe9})).isEqualTo("caf\uDCE9");
    assertThat(RawNames.decode(new byte[] {(byte) 0xC0, (byte) 0xAF})).isEqualTo("\uDCC0\uDCAF"); // overlong '/'
  }

  @Test
  void noEscapeIsEverASlashADotOrNul() {
    for (int b = 0x80; b <= 0xff; b++) {
      String s = RawNames.decode(new byte[] {(byte) b});
      for (char c : s.toCharArray()) {
        assertThat(c).isNotIn('/', '.', '\0');
      }
    }
  }

  @Test
  void namesCompareAsTheirBytes() {
    Random r = new Random(7);
    List<byte[]> raw = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      raw.add(randomName(r));
    }
    for (int i = 0; i + 1 < raw.size(); i++) {
      byte[] a = raw.get(i);
      byte[] b = raw.get(i + 1);
      assertThat(Integer.signum(RawNames.compare(RawNames.decode(a), RawNames.decode(b))))
          .as("%s vs %s", Arrays.toString(a), Arrays.toString(b))
          .isEqualTo(Integer.signum(Arrays.compareUnsigned(a, b)));
    }
  }

  @Test
  void pathsKeepTheBytesThroughTheJdk() throws Exception {
    try (Scratch s = Scratch.create("rawnames")) {
      Random r = new Random(11);
      for (int i = 0; i < 200; i++) {
        byte[] b = randomName(r);
        String name = RawNames.decode(b);
        Path p = RawNames.resolve(s.path(), name);
        Files.deleteIfExists(p);
        Files.createDirectory(p);
        assertThat(RawNames.name(p.getFileName())).isEqualTo(name);
        assertThat(RawNames.bytes(p.getFileName())).isEqualTo(b);
        assertThat(RawNames.name(p)).isEqualTo(RawNames.name(s.path()) + "/" + name);
        assertThat(RawNames.path(name)).isEqualTo(p.getFileName());
        assertThat(StatX.ofOrNull(p, false)).isNotNull();
        Syscalls.chmod(p, 0711);
        assertThat(StatX.ofOrNull(p, false).mode() & 07777).isEqualTo(0711);
        Files.delete(p);
      }
      Path list = Files.createDirectory(s.resolve("list"));
      byte[] latin = {'c', 'a', 'f', (byte) 0xe9};
      Files.writeString(RawNames.resolve(list, RawNames.decode(latin)), "x");
      try (DirFd d = DirFd.open(list)) {
        assertThat(d.next()).isTrue();
        assertThat(d.nameBytes()).isEqualTo(latin);
        assertThat(d.name()).isEqualTo("caf\uDCE9");
      }
      assertThat(Syscalls.direntTypes(list)).containsOnlyKeys("caf\uDCE9");
    }
  }
}
