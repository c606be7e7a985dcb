package dev.ovl.archive;

import dev.ovl.work.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads ustar, GNU and PAX tar streams (long names and link targets both ways, base-256 numbers, SCHILY.xattr
 * records as raw bytes). Every error names the byte offset; special records are limited to 1 MiB, as in Go.
 */
final class TarReader {
  static final int BLOCK = 512;
  static final int MAX_SPECIAL = 1 << 20;

  private final InputStream in;
  private final byte[] buf = new byte[1 << 20];
  private int pos;
  private int lim;
  private long offset;
  private TarEntry current;
  private long remaining;
  private long padding;

  TarReader(InputStream in) {
    this.in = in;
  }

  /** Bytes consumed so far. */
  long offset() {
    return offset;
  }

  /** The next entry, or null at the end of the archive; skips whatever is left of the current one. */
  TarEntry next() throws IOException {
    if (current != null) {
      skip(remaining + padding, current);
      current = null;
    }
    String longName = null;
    String longLink = null;
    TarEntry pax = null;
    byte[] block = new byte[BLOCK];
    while (true) {
      long at = offset;
      if (!readBlock(block, at)) {
        return null;
      }
      if (isZero(block)) {
        return null; // end marker; Go stops here as well
      }
      checkSum(block, at);
      TarEntry e = parseHeader(block, at);
      switch (e.type) {
        case 'x' -> pax = parsePax(readSpecial(e), at);
        case 'g' -> readSpecial(e); // global PAX header: ignored, as Go's Unpack does
        case 'L' -> longName = cString(readSpecial(e));
        case 'K' -> longLink = cString(readSpecial(e));
        case 'S', 'V', 'M' -> throw new TarFormatException(at, "unsupported GNU entry type '" + (char) e.type + "'");
        default -> {
          if (pax != null) {
            mergePax(e, pax);
          }
          if (longName != null) {
            e.name = longName;
          }
          if (longLink != null) {
            e.linkName = longLink;
          }
          normalizeType(e);
          if (e.size < 0) {
            throw new TarFormatException(at, "negative size for " + Text.quote(e.name));
          }
          current = e;
          remaining = isHeaderOnly(e.type) ? 0 : e.size;
          padding = (BLOCK - remaining % BLOCK) % BLOCK;
          if (isHeaderOnly(e.type)) {
            e.size = 0;
          }
          return e;
        }
      }
    }
  }

  /** Copies the current entry's data to {@code out}. */
  void copyData(OutputStream out) throws IOException {
    while (remaining > 0) {
      fill(current);
      int n = (int) Math.min(remaining, lim - pos);
      out.write(buf, pos, n);
      pos += n;
      offset += n;
      remaining -= n;
    }
  }

  /** The current entry's data, which must fit in memory. */
  byte[] readData(int size) throws IOException {
    byte[] data = new byte[size];
    int done = 0;
    while (remaining > 0) {
      fill(current);
      int n = (int) Math.min(remaining, lim - pos);
      System.arraycopy(buf, pos, data, done, n);
      done += n;
      pos += n;
      offset += n;
      remaining -= n;
    }
    return data;
  }

  private static boolean isHeaderOnly(byte t) {
    return t == TarEntry.LINK || t == TarEntry.SYMLINK || t == TarEntry.CHAR || t == TarEntry.BLOCK
        || t == TarEntry.DIR || t == TarEntry.FIFO;
  }

  private static void normalizeType(TarEntry e) {
    if (e.type == 0) {
      e.type = e.name.endsWith("/") ? TarEntry.DIR : TarEntry.REG;
    } else if (e.type == '7') {
      e.type = TarEntry.REG;
    }
  }

  private byte[] readSpecial(TarEntry e) throws IOException {
    if (e.size > MAX_SPECIAL) {
      throw new TarFormatException(e.offset, "special record of " + e.size + " bytes exceeds 1 MiB");
    }
    byte[] data = new byte[(int) e.size];
    int done = 0;
    while (done < data.length) {
      fill(e);
      int n = Math.min(data.length - done, lim - pos);
      System.arraycopy(buf, pos, data, done, n);
      pos += n;
      offset += n;
      done += n;
    }
    skip((BLOCK - e.size % BLOCK) % BLOCK, e);
    return data;
  }

  private void skip(long n, TarEntry e) throws IOException {
    while (n > 0) {
      fill(e);
      int k = (int) Math.min(n, lim - pos);
      pos += k;
      offset += k;
      n -= k;
    }
  }

  private void fill(TarEntry e) throws IOException {
    if (pos < lim) {
      return;
    }
    pos = 0;
    lim = 0;
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      throw new TarFormatException(offset, "truncated: stream ends inside " + Text.quote(e.name));
    }
    lim = n;
  }

  private boolean readBlock(byte[] block, long at) throws IOException {
    int done = 0;
    while (done < BLOCK) {
      if (pos >= lim) {
        pos = 0;
        lim = Math.max(0, in.read(buf, 0, buf.length));
        if (lim == 0) {
          if (done == 0) {
            return false;
          }
          throw new TarFormatException(at, "truncated: stream ends inside a header");
        }
      }
      int n = Math.min(BLOCK - done, lim - pos);
      System.arraycopy(buf, pos, block, done, n);
      pos += n;
      done += n;
    }
    offset += BLOCK;
    return true;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static void checkSum(byte[] b, long at) throws TarFormatException {
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int v = i >= 148 && i < 156 ? ' ' : b[i];
      unsigned += v & 0xff;
      signed += v;
    }
    long want = parseNumber(b, 148, 8, at, "checksum");
    if (want != unsigned && want != signed) {
      throw new TarFormatException(at, "corrupt header: checksum " + want + " but the block sums to " + unsigned);
    }
  }

  private static TarEntry parseHeader(byte[] b, long at) throws TarFormatException {
    TarEntry e = new TarEntry();
    e.offset = at;
    e.type = b[156];
    e.name = field(b, 0, 100);
    e.mode = (int) parseNumber(b, 100, 8, at, "mode");
    e.uid = parseNumber(b, 108, 8, at, "uid");
    e.gid = parseNumber(b, 116, 8, at, "gid");
    e.size = parseNumber(b, 124, 12, at, "size");
    e.mtimeNanos = parseNumber(b, 136, 12, at, "mtime") * 1_000_000_000L;
    e.linkName = field(b, 157, 100);
    String magic = new String(b, 257, 6, StandardCharsets.ISO_8859_1);
    if (magic.equals("ustar\0") || magic.equals("ustar ")) {
      e.uname = field(b, 265, 32);
      e.gname = field(b, 297, 32);
      e.devMajor = parseNumber(b, 329, 8, at, "devmajor");
      e.devMinor = parseNumber(b, 337, 8, at, "devminor");
      if (magic.equals("ustar\0")) {
        String prefix = field(b, 345, 155);
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

  private static String field(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static String cString(byte[] b) {
    int end = 0;
    while (end < b.length && b[end] != 0) {
      end++;
    }
    return new String(b, 0, end, StandardCharsets.UTF_8);
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

  private static TarEntry parsePax(byte[] data, long at) throws TarFormatException {
    TarEntry pax = new TarEntry();
    pax.size = -1;
    pax.uid = -1;
    pax.gid = -1;
    pax.mtimeNanos = Long.MIN_VALUE;
    pax.name = null;
    pax.linkName = null;
    int i = 0;
    while (i < data.length) {
      int sp = i;
      long len = 0;
      while (sp < data.length && data[sp] >= '0' && data[sp] <= '9' && len < Integer.MAX_VALUE) {
        len = len * 10 + (data[sp++] - '0');
      }
      if (sp >= data.length || data[sp] != ' ' || len <= sp - i || i + len > data.length
          || data[(int) (i + len - 1)] != '\n') {
        throw new TarFormatException(at, "corrupt PAX record at byte " + i + " of the extended header");
      }
      int eq = sp + 1;
      while (eq < i + len && data[eq] != '=') {
        eq++;
      }
      if (eq >= i + len) {
        throw new TarFormatException(at, "corrupt PAX record at byte " + i + " of the extended header: no '='");
      }
      String key = new String(data, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
      byte[] raw = java.util.Arrays.copyOfRange(data, eq + 1, (int) (i + len - 1));
      String val = new String(raw, StandardCharsets.UTF_8);
      try {
        switch (key) {
          case "path" -> pax.name = val;
          case "linkpath" -> pax.linkName = val;
          case "size" -> pax.size = Long.parseLong(val);
          case "uid" -> pax.uid = Long.parseLong(val);
          case "gid" -> pax.gid = Long.parseLong(val);
          case "uname" -> pax.uname = val;
          case "gname" -> pax.gname = val;
          case "mtime" -> pax.mtimeNanos = parseTime(val);
          case "atime" -> pax.atimeNanos = parseTime(val);
          default -> {
            if (key.startsWith("SCHILY.xattr.")) {
              pax.xattrs.put(key.substring("SCHILY.xattr.".length()), raw);
            } else if (key.startsWith("GNU.sparse.")) {
              throw new TarFormatException(at, "sparse files are not supported");
            }
          }
        }
      } catch (NumberFormatException e) {
        throw new TarFormatException(at, "corrupt PAX record " + key + "=" + val);
      }
      i += (int) len;
    }
    return pax;
  }

  private static long parseTime(String v) {
    int dot = v.indexOf('.');
    if (dot < 0) {
      return Long.parseLong(v) * 1_000_000_000L;
    }
    long sec = Long.parseLong(v.substring(0, dot).isEmpty() ? "0" : v.substring(0, dot));
    String frac = (v.substring(dot + 1) + "000000000").substring(0, 9);
    long nanos = Long.parseLong(frac);
    return v.startsWith("-") ? sec * 1_000_000_000L - nanos : sec * 1_000_000_000L + nanos;
  }

  private static void mergePax(TarEntry e, TarEntry pax) {
    if (pax.name != null) {
      e.name = pax.name;
    }
    if (pax.linkName != null) {
      e.linkName = pax.linkName;
    }
    if (pax.size >= 0) {
      e.size = pax.size;
    }
    if (pax.uid >= 0) {
      e.uid = pax.uid;
    }
    if (pax.gid >= 0) {
      e.gid = pax.gid;
    }
    if (!pax.uname.isEmpty()) {
      e.uname = pax.uname;
    }
    if (!pax.gname.isEmpty()) {
      e.gname = pax.gname;
    }
    if (pax.mtimeNanos != Long.MIN_VALUE) {
      e.mtimeNanos = pax.mtimeNanos;
    }
    if (pax.atimeNanos != Long.MIN_VALUE) {
      e.atimeNanos = pax.atimeNanos;
    }
    e.xattrs.putAll(pax.xattrs);
  }

}
