package dev.ovl.archive;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/** Writes ustar headers, with a PAX extended header first whenever a field does not fit (as Go's writer). */
final class TarWriter implements AutoCloseable {
  private static final long MAX_OCTAL7 = 07777777L;
  private static final long MAX_OCTAL11 = 077777777777L;

  private final OutputStream out;
  private final FileChannel sinkChannel;
  private final byte[] copyBuf = new byte[1 << 20];
  private long written;

  /** A writer on {@code sink}; a file sink gets file data copied in the kernel (sendfile), not through Java. */
  TarWriter(OutputStream sink) {
    this.out = new BufferedOutputStream(sink, 1 << 16);
    this.sinkChannel = sink instanceof FileOutputStream f && seekable(f.getChannel()) ? f.getChannel() : null;
  }

  private static boolean seekable(FileChannel c) {
    try {
      c.position();
      return true;
    } catch (IOException e) {
      return false; // a pipe: plain writes
    }
  }

  long written() {
    return written;
  }

  /** Writes the header of {@code e}; a regular file's data must follow through {@link #writeData}. */
  void writeHeader(TarEntry e) throws IOException {
    Map<String, byte[]> pax = new TreeMap<>();
    String[] split = splitName(e.name);
    if (split == null) {
      pax.put("path", utf8(e.name));
    }
    if (!fitsUstar(e.linkName, 100)) {
      pax.put("linkpath", utf8(e.linkName));
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
      int slash = e.name.replaceAll("/+$", "").lastIndexOf('/');
      String base = e.name.replaceAll("/+$", "").substring(slash + 1);
      String dir = slash < 0 ? "" : e.name.substring(0, slash + 1);
      h.name = truncate(dir + "PaxHeaders.0/" + base, 100);
      h.type = 'x';
      h.size = records.length;
      h.mtimeNanos = Math.max(0, Math.min(mtime, MAX_OCTAL11)) * 1_000_000_000L;
      writeBlock(header(h, new String[] {"", h.name}));
      out.write(records);
      written += records.length;
      pad(records.length);
      split = splitName(e.name);
      if (split == null) {
        split = new String[] {"", truncate(e.name, 100)};
      }
    }
    writeBlock(header(e, split));
  }

  /** Copies exactly {@code e.size} bytes of {@code file} for the entry whose header was just written. */
  void writeFile(TarEntry e, Path file) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      if (sinkChannel == null || e.size < (64 << 10)) {
        writeData(e, Channels.newInputStream(in));
        return;
      }
      out.flush();
      long pos = 0;
      while (pos < e.size) {
        long n = in.transferTo(pos, e.size - pos, sinkChannel);
        if (n <= 0) {
          throw new IOException("\"" + e.name + "\" shrank while being exported (" + (e.size - pos)
              + " bytes missing)");
        }
        pos += n;
      }
      written += e.size;
      pad(e.size);
    }
  }

  /** Copies exactly {@code e.size} bytes of data for the entry whose header was just written. */
  void writeData(TarEntry e, InputStream data) throws IOException {
    long left = e.size;
    while (left > 0) {
      int n = data.read(copyBuf, 0, (int) Math.min(copyBuf.length, left));
      if (n < 0) {
        throw new IOException("\"" + e.name + "\" shrank while being exported (" + left + " bytes missing)");
      }
      out.write(copyBuf, 0, n);
      left -= n;
    }
    written += e.size;
    pad(e.size);
  }

  /** Writes the two zero blocks that end an archive and flushes. */
  @Override
  public void close() throws IOException {
    out.write(new byte[TarReader.BLOCK * 2]);
    written += TarReader.BLOCK * 2;
    out.flush();
  }

  private void pad(long size) throws IOException {
    int p = (int) ((TarReader.BLOCK - size % TarReader.BLOCK) % TarReader.BLOCK);
    if (p > 0) {
      out.write(new byte[p]);
      written += p;
    }
  }

  private void writeBlock(byte[] b) throws IOException {
    out.write(b);
    written += b.length;
  }

  private static byte[] header(TarEntry e, String[] split) {
    byte[] b = new byte[TarReader.BLOCK];
    put(b, 0, 100, split[1]);
    octal(b, 100, 8, e.mode & 07777777);
    octal(b, 108, 8, Math.min(Math.max(e.uid, 0), MAX_OCTAL7));
    octal(b, 116, 8, Math.min(Math.max(e.gid, 0), MAX_OCTAL7));
    octal(b, 124, 12, Math.min(e.size, MAX_OCTAL11));
    octal(b, 136, 12, Math.max(0, Math.min(Math.floorDiv(e.mtimeNanos, 1_000_000_000L), MAX_OCTAL11)));
    b[156] = e.type;
    put(b, 157, 100, fitsUstar(e.linkName, 100) ? e.linkName : truncate(e.linkName, 100));
    put(b, 257, 6, "ustar\0");
    put(b, 263, 2, "00");
    put(b, 265, 32, fitsUstar(e.uname, 32) ? e.uname : "");
    put(b, 297, 32, fitsUstar(e.gname, 32) ? e.gname : "");
    if (e.type == TarEntry.CHAR || e.type == TarEntry.BLOCK) {
      octal(b, 329, 8, Math.min(e.devMajor, MAX_OCTAL7));
      octal(b, 337, 8, Math.min(e.devMinor, MAX_OCTAL7));
    } else {
      octal(b, 329, 8, 0);
      octal(b, 337, 8, 0);
    }
    put(b, 345, 155, split[0]);
    for (int i = 148; i < 156; i++) {
      b[i] = ' ';
    }
    long sum = 0;
    for (byte x : b) {
      sum += x & 0xff;
    }
    octal(b, 148, 7, sum);
    b[155] = ' ';
    return b;
  }

  /** {prefix, name} when the name fits ustar (ASCII, splittable at a slash), else null. */
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

  private static String truncate(String s, int len) {
    byte[] b = utf8(s);
    return b.length <= len ? s : new String(b, 0, len, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "_");
  }

  private static void put(byte[] b, int off, int len, String s) {
    byte[] v = utf8(s);
    System.arraycopy(v, 0, b, off, Math.min(len, v.length));
  }

  private static void octal(byte[] b, int off, int len, long v) {
    String s = Long.toOctalString(v);
    int digits = len - 1;
    StringBuilder sb = new StringBuilder();
    for (int i = s.length(); i < digits; i++) {
      sb.append('0');
    }
    sb.append(s);
    put(b, off, digits, sb.toString());
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
