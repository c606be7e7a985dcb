package dev.ovl.archive;

import dev.ovl.natives.RawNames;
import dev.ovl.natives.Syscalls;
import dev.ovl.natives.TreeReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes ustar headers, with a PAX extended header first whenever a field does not fit (as Go's writer). Headers
 * and small files' data are gathered in a direct buffer that goes to the sink whole; a big file's data is copied
 * in the kernel when the sink is a file.
 */
final class TarWriter implements AutoCloseable {
  private static final long MAX_OCTAL7 = 07777777L;
  private static final long MAX_OCTAL11 = 077777777777L;
  /** Files this big go through sendfile (when the sink is a file) instead of the buffer. */
  private static final long SENDFILE_MIN = 64 << 10;
  private static final byte[] ZEROS = new byte[TarReader.BLOCK * 2];

  private final TarSink sink;
  private final byte[] block = new byte[TarReader.BLOCK];
  private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
  private long written;

  TarWriter(TarSink sink) {
    this.sink = sink;
  }

  long written() {
    return written;
  }

  /** Writes the header of {@code e}; a regular file's data must follow through {@link #writeFile}. */
  void writeHeader(TarEntry e) throws IOException {
    Map<String, byte[]> pax = new TreeMap<>();
    String[] split = splitName(e.name);
    if (split == null) {
      pax.put("path", RawNames.encode(e.name));
    }
    if (!fitsUstar(e.linkName, 100)) {
      pax.put("linkpath", RawNames.encode(e.linkName));
    }
    if (e.uid > MAX_OCTAL7 || e.uid < 0) {
      pax.put("uid", utf8(Long.toString(e.uid)));
    }
    if (e.gid > MAX_OCTAL7 || e.gid < 0) {
      pax.put("gid", utf8(Long.toString(e.gid)));
    }
    if (e.size > MAX_OCTAL11) {
      pax.put("size", utf8(Long.toString(e.size)));
    }
    long mtime = Math.floorDiv(e.mtimeNanos, 1_000_000_000L);
    if (mtime < 0 || mtime > MAX_OCTAL11) {
      pax.put("mtime", utf8(Long.toString(mtime)));
    }
    if (!fitsUstar(e.uname, 32)) {
      pax.put("uname", utf8(e.uname));
    }
    if (!fitsUstar(e.gname, 32)) {
      pax.put("gname", utf8(e.gname));
    }
    for (Map.Entry<String, byte[]> x : e.xattrs.entrySet()) {
      pax.put("SCHILY.xattr." + x.getKey(), x.getValue());
    }
    if (!pax.isEmpty()) {
      byte[] records = paxRecords(pax);
      TarEntry h = new TarEntry();
      int slash = e.name.lastIndexOf('/'); // Go's path.Join(path.Split(name)): a dir's record goes inside it
      String base = e.name.substring(slash + 1);
      h.name = ascii(e.name.substring(0, slash + 1) + "PaxHeaders.0" + (base.isEmpty() ? "" : "/" + base), 100)
          .replaceAll("/+$", "");
      h.type = 'x';
      h.size = records.length;
      h.mtimeNanos = 0; // Go's extended header: time 0 and no device numbers
      writeBlock(h, "", h.name);
      put(records, 0, records.length);
      pad(records.length);
      if (split == null) {
        split = new String[] {"", ascii(e.name, 100)};
      }
    }
    writeBlock(e, split[0], split[1]);
  }

  /**
   * Copies exactly {@code e.size} bytes of the file at {@code cpath} (NUL-terminated, see {@link TreeReader}) for
   * the entry whose header was just written; a small file is read through descriptor {@code fd} unless it is -1.
   */
  void writeFile(TarEntry e, byte[] cpath, int fd) throws IOException {
    if (sink.canSend() && e.size >= SENDFILE_MIN) {
      handOff();
      sink.send(cpath, fd, e.size, e.name);
      written += e.size;
      pad(e.size);
      return;
    }
    int in = fd < 0 ? TreeReader.openFile(Syscalls.AT_FDCWD, cpath, cpath) : fd;
    try {
      long left = e.size;
      while (left > 0) {
        if (!buf.hasRemaining()) {
          handOff();
        }
        int limit = buf.limit();
        buf.limit(buf.position() + (int) Math.min(buf.remaining(), left));
        int n = TreeReader.read(in, buf, cpath);
        buf.limit(limit);
        if (n == 0) {
          throw new IOException(TarSink.shrank(e.name, left));
        }
        left -= n;
      }
    } finally {
      if (fd < 0) {
        TreeReader.close(in);
      }
    }
    written += e.size;
    pad(e.size);
  }

  /** Writes the two zero blocks that end an archive and hands off what is left. */
  @Override
  public void close() throws IOException {
    put(ZEROS, 0, ZEROS.length);
    handOff();
  }

  private void pad(long size) throws IOException {
    int p = (int) ((TarReader.BLOCK - size % TarReader.BLOCK) % TarReader.BLOCK);
    if (p > 0) {
      put(ZEROS, 0, p);
    }
  }

  private void put(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!buf.hasRemaining()) {
        handOff();
      }
      int n = Math.min(len, buf.remaining());
      buf.put(b, off, n);
      off += n;
      len -= n;
      written += n;
    }
  }

  /** Writes out what the buffer holds. */
  private void handOff() throws IOException {
    buf.flip();
    sink.write(buf);
    buf.clear();
  }

  private void writeBlock(TarEntry e, String prefix, String name) throws IOException {
    byte[] b = block;
    Arrays.fill(b, (byte) 0);
    putText(b, 0, 100, name);
    octal(b, 100, 8, e.mode & 07777777);
    octal(b, 108, 8, Math.min(Math.max(e.uid, 0), MAX_OCTAL7));
    octal(b, 116, 8, Math.min(Math.max(e.gid, 0), MAX_OCTAL7));
    octal(b, 124, 12, Math.min(e.size, MAX_OCTAL11));
    octal(b, 136, 12, Math.max(0, Math.min(Math.floorDiv(e.mtimeNanos, 1_000_000_000L), MAX_OCTAL11)));
    b[156] = e.type;
    putText(b, 157, 100, fitsUstar(e.linkName, 100) ? e.linkName : ascii(e.linkName, 100));
    putText(b, 257, 6, "ustar\0");
    putText(b, 263, 2, "00");
    putText(b, 265, 32, fitsUstar(e.uname, 32) ? e.uname : "");
    putText(b, 297, 32, fitsUstar(e.gname, 32) ? e.gname : "");
    boolean device = e.type == TarEntry.CHAR || e.type == TarEntry.BLOCK;
    if (e.type != 'x') {
      octal(b, 329, 8, device ? Math.min(e.devMajor, MAX_OCTAL7) : 0);
      octal(b, 337, 8, device ? Math.min(e.devMinor, MAX_OCTAL7) : 0);
    }
    putText(b, 345, 155, prefix);
    octal(b, 148, 7, TarHeader.sum(b));
    b[155] = ' ';
    put(b, 0, b.length);
  }

  private static String[] splitName(String name) {
    if (!isAscii(name)) {
      return null;
    }
    if (name.length() <= 100) {
      return new String[] {"", name};
    }
    int limit = Math.min(name.length() - 1, 155);
    for (int i = limit; i > 0; i--) {
      if (name.charAt(i) == '/' && name.length() - i - 1 <= 100 && name.length() - i - 1 > 0) {
        return new String[] {name.substring(0, i), name.substring(i + 1)};
      }
    }
    return null;
  }

  private static boolean fitsUstar(String s, int len) {
    return s.length() <= len && isAscii(s);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80 || s.charAt(i) == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * A header field's best effort when the real value goes in a PAX record, as Go writes it: the ASCII characters of
   * {@code s} (every other byte dropped), cut at {@code len} bytes, a cut that ends in slashes losing them.
   */
  private static String ascii(String s, int len) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), len + 1));
    for (int i = 0; i < s.length() && b.length() <= len; i++) {
      char c = s.charAt(i);
      if (c < 0x80 && c != 0) {
        b.append(c);
      }
    }
    if (b.length() <= len) {
      return b.toString();
    }
    b.setLength(len);
    while (b.length() > 0 && b.charAt(b.length() - 1) == '/') {
      b.setLength(b.length() - 1);
    }
    return b.toString();
  }

  /** Copies {@code s} as UTF-8 into {@code b}, cut at {@code len} bytes. */
  private static void putText(byte[] b, int off, int len, String s) {
    int n = s.length();
    if (n <= len && isAscii(s)) {
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) s.charAt(i);
      }
      return;
    }
    byte[] v = utf8(s);
    System.arraycopy(v, 0, b, off, Math.min(len, v.length));
  }

  /** {@code v} in octal, zero-padded to {@code len - 1} digits and a NUL (v always fits, the callers clamp it). */
  private static void octal(byte[] b, int off, int len, long v) {
    int digits = len - 1;
    for (int i = off + digits - 1; i >= off; i--) {
      b[i] = (byte) ('0' + (v & 7));
      v >>>= 3;
    }
    b[off + digits] = 0;
  }

  private static byte[] paxRecords(Map<String, byte[]> pax) {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> r : pax.entrySet()) {
      byte[] key = utf8(r.getKey());
      int body = 1 + key.length + 1 + r.getValue().length + 1; // " key=value\n"
      int len = body + Integer.toString(body).length();
      if (Integer.toString(len).length() != Integer.toString(body).length()) {
        len = body + Integer.toString(len).length();
      }
      bo.writeBytes(utf8(len + " "));
      bo.writeBytes(key);
      bo.write('=');
      bo.writeBytes(r.getValue());
      bo.write('\n');
    }
    return bo.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
