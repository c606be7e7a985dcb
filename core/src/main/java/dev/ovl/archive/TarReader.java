package dev.ovl.archive;

import dev.ovl.work.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads ustar, GNU and PAX tar streams (long names and link targets both ways, base-256 numbers, SCHILY.xattr
 * records as raw bytes). Every error names the byte offset; special records are limited to 1 MiB, as in Go.
 */
final class TarReader {
  static final int BLOCK = 512;
  static final int MAX_SPECIAL = 1 << 20;
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

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

  /** The tar's own file when it is read from one, else null. */
  TarFile file() {
    return in instanceof TarFile f && (current == null || current.sparse == null) ? f : null;
  }

  /** Passes over the rest of the current entry's data without reading it: the tar must be a {@link #file}. */
  void skipData() throws IOException {
    int buffered = (int) Math.min(remaining, lim - pos);
    consumed(buffered);
    if (remaining > 0) {
      ((TarFile) in).seek(offset + remaining); // the buffer is used up: the file's position is at offset
      offset += remaining;
      remaining = 0;
    }
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
    boolean longNameBad = false;
    boolean longLinkBad = false;
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
        case 'x' -> pax = PaxRecords.parse(readSpecial(e), at);
        case 'g' -> readSpecial(e); // global PAX header: ignored, as Go's Unpack does
        case 'L' -> {
          byte[] d = readSpecial(e);
          longName = cString(d);
          longNameBad = !isUtf8(d, 0, cLength(d));
        }
        case 'K' -> {
          byte[] d = readSpecial(e);
          longLink = cString(d);
          longLinkBad = !isUtf8(d, 0, cLength(d));
        }
        case 'S', 'V', 'M' -> throw new TarFormatException(at, "unsupported GNU entry type '" + (char) e.type + "'");
        default -> {
          if (pax != null) {
            PaxRecords.merge(e, pax);
          }
          if (longName != null) {
            e.name = longName;
            e.nameNotUtf8 = longNameBad;
          }
          if (longLink != null) {
            e.linkName = longLink;
            e.linkNotUtf8 = longLinkBad;
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
          if (pax != null && pax.sparseRecords != null
              && pax.sparseRecords.format() != SparseMap.Format.NONE) {
            readSparseMap(e, pax.sparseRecords, at);
          }
          return e;
        }
      }
    }
  }

  private void readSparseMap(TarEntry e, SparseMap.Records r, long at) throws IOException {
    if (e.type != TarEntry.REG) {
      throw new TarFormatException(at, "GNU sparse records on " + TarEntry.typeName(e.type) + " " + Text.quote(e.name));
    }
    if (r.name != null) {
      e.name = r.name;
    }
    long size = r.size == null ? e.size : SparseMap.parseSize(r.size, at);
    long[] f;
    if (r.format() == SparseMap.Format.IN_DATA) {
      SparseMap.DataMap map = new SparseMap.DataMap(at);
      f = null;
      while (f == null) {
        if (remaining < BLOCK) {
          throw new TarFormatException(at, "corrupt sparse map: it does not end inside the entry's data");
        }
        for (int done = 0; done < BLOCK; ) {
          int n = take(BLOCK - done);
          f = map.add(buf, pos, n);
          consumed(n);
          done += n;
        }
      }
    } else {
      f = r.fragments(at);
    }
    long data = SparseMap.check(f, size, at);
    if (data != remaining) {
      throw new TarFormatException(at, "corrupt sparse map: its fragments hold " + data + " bytes but "
          + Text.quote(e.name) + " has " + remaining);
    }
    e.sparse = f;
    e.size = size;
  }

  /**
   * Writes the current sparse entry into {@code file} (empty, at position 0): each fragment at its offset, the
   * holes left as holes, and a last zero byte when the file ends in a hole (as Go's tar reader does).
   */
  void copySparse(FileChannel file) throws IOException {
    long[] f = current.sparse;
    long end = 0;
    for (int i = 0; i < f.length; i += 2) {
      long at = f[i];
      long left = f[i + 1];
      while (left > 0) {
        int n = take(left);
        ByteBuffer b = ByteBuffer.wrap(buf, pos, n);
        while (b.hasRemaining()) {
          at += file.write(b, at);
        }
        consumed(n);
        left -= n;
      }
      if (f[i + 1] > 0) {
        end = f[i] + f[i + 1];
      }
    }
    if (end < current.size) {
      file.write(ByteBuffer.wrap(new byte[1]), current.size - 1);
    }
  }

  /** Copies the current entry's data to {@code out}; a sparse file's holes as zeros. */
  void copyData(OutputStream out) throws IOException {
    if (current.sparse != null) {
      copyExpanded(out);
      return;
    }
    copyOut(out, remaining);
  }

  /** Copies the next {@code n} bytes of the current entry's data to {@code out}. */
  private void copyOut(OutputStream out, long n) throws IOException {
    for (long left = n; left > 0; ) {
      int k = take(left);
      out.write(buf, pos, k);
      consumed(k);
      left -= k;
    }
  }

  private void copyExpanded(OutputStream out) throws IOException {
    byte[] zeros = new byte[BLOCK * 16];
    long[] f = current.sparse;
    long at = 0;
    for (int i = 0; i <= f.length; i += 2) {
      long next = i < f.length ? f[i] : current.size;
      for (; at < next; at += Math.min(zeros.length, next - at)) {
        out.write(zeros, 0, (int) Math.min(zeros.length, next - at));
      }
      if (i < f.length) {
        copyOut(out, f[i + 1]);
        at = f[i] + f[i + 1];
      }
    }
  }

  /** Reads the current entry's data, which must fit, into {@code data} and flips it for reading. */
  void readData(ByteBuffer data) throws IOException {
    while (remaining > 0) {
      int n = take(remaining);
      data.put(buf, pos, n);
      consumed(n);
    }
    data.flip();
  }

  /** Buffers more of the current entry's data if none is left; returns how much of it, up to {@code max}, is. */
  private int take(long max) throws IOException {
    fill(current);
    return (int) Math.min(max, lim - pos);
  }

  /** Marks {@code n} buffered bytes of the current entry's data as read. */
  private void consumed(int n) {
    pos += n;
    offset += n;
    remaining -= n;
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

  static void checkSum(byte[] b, long at) throws TarFormatException {
    long lanes = 0; // four 16-bit sums of byte pairs: at most 64 * 510, no carry between lanes
    long negative = 0;
    for (int i = 0; i < BLOCK; i += 8) {
      long w = (long) LONGS.get(b, i);
      lanes += (w & 0x00ff00ff00ff00ffL) + ((w >>> 8) & 0x00ff00ff00ff00ffL);
      negative += Long.bitCount(w & 0x8080808080808080L);
    }
    long unsigned = (lanes & 0xffff) + (lanes >>> 16 & 0xffff) + (lanes >>> 32 & 0xffff) + (lanes >>> 48);
    for (int i = 148; i < 156; i++) { // the checksum field counts as spaces
      unsigned += ' ' - (b[i] & 0xff);
      negative -= b[i] < 0 ? 1 : 0;
    }
    long signed = unsigned - 256 * negative;
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
    e.nameNotUtf8 = !fieldIsUtf8(b, 0, 100);
    e.mode = (int) parseNumber(b, 100, 8, at, "mode");
    e.uid = parseNumber(b, 108, 8, at, "uid");
    e.gid = parseNumber(b, 116, 8, at, "gid");
    e.size = parseNumber(b, 124, 12, at, "size");
    e.mtimeNanos = parseNumber(b, 136, 12, at, "mtime") * 1_000_000_000L;
    e.linkName = field(b, 157, 100);
    e.linkNotUtf8 = !fieldIsUtf8(b, 157, 100);
    String magic = new String(b, 257, 6, StandardCharsets.ISO_8859_1);
    if (magic.equals("ustar\0") || magic.equals("ustar ")) {
      e.uname = field(b, 265, 32);
      e.gname = field(b, 297, 32);
      e.devMajor = parseNumber(b, 329, 8, at, "devmajor");
      e.devMinor = parseNumber(b, 337, 8, at, "devminor");
      if (magic.equals("ustar\0")) {
        String prefix = field(b, 345, 155);
        e.nameNotUtf8 |= !fieldIsUtf8(b, 345, 155);
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

  private static boolean fieldIsUtf8(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return isUtf8(b, off, end - off);
  }

  private static int cLength(byte[] b) {
    int end = 0;
    while (end < b.length && b[end] != 0) {
      end++;
    }
    return end;
  }

  /** Whether {@code len} bytes at {@code off} are UTF-8, so that a String keeps them. */
  static boolean isUtf8(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] < 0) {
        try {
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, off, len));
          return true;
        } catch (java.nio.charset.CharacterCodingException e) {
          return false;
        }
      }
    }
    return true;
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
}
