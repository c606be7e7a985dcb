package dev.ovl.archive;

import dev.ovl.work.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

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
    TarEntry pax = null;
    byte[] block = new byte[BLOCK];
    while (true) {
      long at = offset;
      if (!readBlock(block, at)) {
        return null;
      }
      if (TarHeader.isZero(block)) {
        return null; // end marker; Go stops here as well
      }
      TarHeader.checkSum(block, at);
      TarEntry e = TarHeader.parse(block, at);
      switch (e.type) {
        case 'x' -> pax = PaxRecords.parse(readSpecial(e), at);
        case 'g' -> readSpecial(e); // global PAX header: ignored, as Go's Unpack does
        case 'L' -> {
          byte[] d = readSpecial(e);
          longName = TarHeader.name(d, 0, d.length);
        }
        case 'K' -> {
          byte[] d = readSpecial(e);
          longLink = TarHeader.name(d, 0, d.length);
        }
        case 'S', 'V', 'M' -> throw new TarFormatException(at, "unsupported GNU entry type '" + (char) e.type + "'");
        default -> {
          if (pax != null) {
            PaxRecords.merge(e, pax);
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
}
