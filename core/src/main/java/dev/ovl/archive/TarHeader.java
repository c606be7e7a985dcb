package dev.ovl.archive;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import dev.ovl.natives.RawNames;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** One 512-byte tar header block: its checksum, its number fields, and its names byte for byte, its other text as UTF-8. */
final class TarHeader {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private TarHeader() {}

  static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /** The unsigned sum of the block's bytes, its checksum field counted as spaces: what ustar stores there. */
  static long sum(byte[] b) {
    long lanes = 0; // four 16-bit sums of byte pairs: at most 64 * 510, no carry between lanes
    for (int i = 0; i < TarReader.BLOCK; i += 8) {
      long w = (long) LONGS.get(b, i);
      lanes += (w & 0x00ff00ff00ff00ffL) + ((w >>> 8) & 0x00ff00ff00ff00ffL);
    }
    long sum = (lanes & 0xffff) + (lanes >>> 16 & 0xffff) + (lanes >>> 32 & 0xffff) + (lanes >>> 48);
    for (int i = 148; i < 156; i++) {
      sum += ' ' - (b[i] & 0xff);
    }
    return sum;
  }

  /** The same sum over signed bytes, which some old tars stored instead. */
  private static long signedSum(byte[] b) {
    long sum = 0;
    for (int i = 0; i < TarReader.BLOCK; i++) {
      sum += i >= 148 && i < 156 ? ' ' : b[i];
    }
    return sum;
  }

  static void checkSum(byte[] b, long at) throws TarFormatException {
    long unsigned = sum(b);
    long want = parseNumber(b, 148, 8, at, "checksum");
    if (want != unsigned && want != signedSum(b)) {
      throw new TarFormatException(at, "corrupt header: checksum " + want + " but the block sums to " + unsigned);
    }
  }

  static TarEntry parse(byte[] b, long at) throws TarFormatException {
    TarEntry e = new TarEntry();
    e.offset = at;
    e.type = b[156];
    e.name = name(b, 0, 100);
    e.mode = (int) parseNumber(b, 100, 8, at, "mode");
    e.uid = parseNumber(b, 108, 8, at, "uid");
    e.gid = parseNumber(b, 116, 8, at, "gid");
    e.size = parseNumber(b, 124, 12, at, "size");
    e.mtimeNanos = parseNumber(b, 136, 12, at, "mtime") * 1_000_000_000L;
    e.linkName = name(b, 157, 100);
    String magic = new String(b, 257, 6, StandardCharsets.ISO_8859_1);
    if (magic.equals("ustar\0") || magic.equals("ustar ")) {
      e.uname = text(b, 265, 32);
      e.gname = text(b, 297, 32);
      e.devMajor = parseNumber(b, 329, 8, at, "devmajor");
      e.devMinor = parseNumber(b, 337, 8, at, "devminor");
      if (magic.equals("ustar\0")) {
        String prefix = name(b, 345, 155);
        if (!prefix.isEmpty()) {
          e.name = prefix + "/" + e.name;
        }
      } else {
        long atime = parseNumber(b, 345, 12, at, "atime");
        if (atime != 0) {
          e.atimeNanos = atime * 1_000_000_000L;
        }
      }
    }
    return e;
  }

  /** The text of a field of {@code len} bytes at {@code off}: up to its first NUL, as UTF-8. */
  static String text(byte[] b, int off, int len) {
    return new String(b, off, textLength(b, off, len), StandardCharsets.UTF_8);
  }

  /** A name field (or a GNU long name): up to its first NUL, every byte kept ({@link RawNames}). */
  static String name(byte[] b, int off, int len) {
    return RawNames.decode(b, off, textLength(b, off, len));
  }

  private static int textLength(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return end - off;
  }

  static long parseNumber(byte[] b, int off, int len, long at, String what) throws TarFormatException {
    if ((b[off] & 0x80) != 0) { // GNU base-256
      boolean negative = (b[off] & 0x40) != 0;
      long v = b[off] & 0x3f;
      if (negative) {
        v |= ~0x3fL;
      }
      for (int i = 1; i < len; i++) {
        if ((v >>> 55) != 0 && (v >>> 55) != 0x1ff) {
          throw new TarFormatException(at, "corrupt header: " + what + " overflows");
        }
        v = (v << 8) | (b[off + i] & 0xff);
      }
      return v;
    }
    long v = 0;
    int i = off;
    int end = off + len;
    while (i < end && (b[i] == ' ' || b[i] == 0)) {
      i++;
    }
    for (; i < end && b[i] != 0 && b[i] != ' '; i++) {
      if (b[i] < '0' || b[i] > '7') {
        throw new TarFormatException(at, "corrupt header: " + what + " is not an octal number");
      }
      v = (v << 3) | (b[i] - '0');
    }
    return v;
  }
}
