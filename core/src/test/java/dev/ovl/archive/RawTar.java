package dev.ovl.archive;

import dev.ovl.natives.RawNames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds tar bytes by hand, hostile ones included: no name is cleaned, nothing is checked. */
final class RawTar {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  RawTar file(String name, String content) {
    return entry(name, '0', 0644, content.getBytes(StandardCharsets.UTF_8), "", Map.of());
  }

  RawTar dir(String name) {
    return entry(name, '5', 0755, new byte[0], "", Map.of());
  }

  RawTar symlink(String name, String target) {
    return entry(name, '2', 0777, new byte[0], target, Map.of());
  }

  RawTar hardlink(String name, String target) {
    return entry(name, '1', 0644, new byte[0], target, Map.of());
  }

  RawTar entry(String name, char type, int mode, byte[] data, String link, Map<String, byte[]> pax) {
    return entry(name, type, mode, 0, 0, 1_700_000_000L, data, link, pax);
  }

  RawTar entry(String name, char type, int mode, long uid, long gid, long mtime, byte[] data, String link,
      Map<String, byte[]> pax) {
    if (!pax.isEmpty()) {
      ByteArrayOutputStream recs = new ByteArrayOutputStream();
      for (Map.Entry<String, byte[]> r : pax.entrySet()) {
        byte[] key = r.getKey().getBytes(StandardCharsets.UTF_8);
        int body = key.length + r.getValue().length + 3;
        int len = body + Integer.toString(body).length();
        len = body + Integer.toString(len).length();
        recs.writeBytes((len + " ").getBytes(StandardCharsets.UTF_8));
        recs.writeBytes(key);
        recs.write('=');
        recs.writeBytes(r.getValue());
        recs.write('\n');
      }
      raw(header("PaxHeaders/x", 'x', 0, 0, 0, 0, recs.size(), "", 0, 0), recs.toByteArray());
    }
    return raw(header(name, type, mode, uid, gid, mtime, data.length, link, 0, 0), data);
  }

  RawTar device(String name, char type, int mode, long major, long minor) {
    return raw(header(name, type, mode, 0, 0, 1_700_000_000L, 0, "", major, minor), new byte[0]);
  }

  /** A header block followed by {@code data} padded to whole blocks. */
  RawTar raw(byte[] header, byte[] data) {
    out.writeBytes(header);
    out.writeBytes(data);
    out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    return this;
  }

  static byte[] header(String name, char type, int mode, long uid, long gid, long mtime, long size, String link,
      long major, long minor) {
    byte[] b = new byte[512];
    put(b, 0, 100, name);
    octal(b, 100, 8, mode);
    octal(b, 108, 8, uid);
    octal(b, 116, 8, gid);
    octal(b, 124, 12, size);
    octal(b, 136, 12, mtime);
    b[156] = (byte) type;
    put(b, 157, 100, link);
    put(b, 257, 6, "ustar\0");
    put(b, 263, 2, "00");
    octal(b, 329, 8, major);
    octal(b, 337, 8, minor);
    for (int i = 148; i < 156; i++) {
      b[i] = ' ';
    }
    long sum = 0;
    for (byte x : b) {
      sum += x & 0xff;
    }
    octal(b, 148, 7, sum);
    return b;
  }

  /** Names may carry raw bytes as {@link RawNames} escapes ("caf\uDCE9" is Latin-1 "café"). */
  private static void put(byte[] b, int off, int len, String s) {
    byte[] v = RawNames.encode(s);
    System.arraycopy(v, 0, b, off, Math.min(len, v.length));
  }

  private static void octal(byte[] b, int off, int len, long v) {
    put(b, off, len - 1, String.format("%0" + (len - 1) + "o", v));
  }

  /** The archive with its two zero end blocks. */
  byte[] bytes() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(out.toByteArray());
    all.writeBytes(new byte[1024]);
    return all.toByteArray();
  }

  /** The archive without end blocks, for truncation. */
  byte[] body() {
    return out.toByteArray();
  }

  static Map<String, byte[]> pax(String key, String value) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put(key, value.getBytes(StandardCharsets.UTF_8));
    return m;
  }
}
