package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The header checksum, summed eight bytes at a time, agrees with the byte-by-byte sums tar defines. */
class TarChecksumTest {
  @Test
  void acceptsTheUnsignedAndTheSignedSumAndNothingElse() {
    Random rnd = new Random(20261128);
    for (int round = 0; round < 5000; round++) {
      byte[] b = new byte[TarReader.BLOCK];
      int kind = round % 3; // random bytes, ASCII only, mostly zeros like a real header
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (kind == 0 ? rnd.nextInt(256)
            : kind == 1 ? rnd.nextInt(128) : rnd.nextInt(8) == 0 ? rnd.nextInt(256) : 0);
      }
      long unsigned = 0;
      long signed = 0;
      for (int i = 0; i < b.length; i++) {
        int v = i >= 148 && i < 156 ? ' ' : b[i];
        unsigned += v & 0xff;
        signed += v;
      }
      for (long sum : signed < 0 ? new long[] {unsigned} : new long[] {unsigned, signed}) {
        field(b, sum);
        assertThatCode(() -> TarHeader.checkSum(b, 0)).doesNotThrowAnyException();
      }
      field(b, unsigned + 1);
      assertThatThrownBy(() -> TarHeader.checkSum(b, 0)).isInstanceOf(TarFormatException.class);
    }
  }

  /** Writes {@code sum} into the checksum field as tar does: six octal digits, NUL, space. */
  private static void field(byte[] b, long sum) {
    String s = String.format("%06o", sum);
    byte[] digits = (s + "\0 ").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(digits, 0, b, 148, Math.min(8, digits.length));
  }
}
