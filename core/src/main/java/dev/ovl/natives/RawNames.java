package dev.ovl.natives;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * File names as Strings that keep every byte: valid UTF-8 decodes as usual, and each byte of an invalid sequence
 * becomes one lone surrogate U+DC80..U+DCFF (Python's "surrogateescape"), which encoding turns back into that byte.
 * Only bytes 0x80..0xFF are ever escaped, so an escape can never form {@code /}, {@code .} or NUL.
 *
 * <p>The JDK cannot take such a String as a path, but its Paths hold raw bytes: {@link #path} and {@link #name}
 * cross over through {@code file:} URIs, whose percent escapes are bytes, for the rare names that need it.
 */
public final class RawNames {
  private static final int ESCAPE = 0xDC00;
  private static final boolean JNU_UTF8 = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));
  private static final Path SLASH = Path.of("/");
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private RawNames() {}

  /** The name held by {@code len} bytes at {@code off}, escapes for the bytes that are not UTF-8. */
  public static String decode(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end && b[i] >= 0) {
      i++;
    }
    if (i == end) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1); // ASCII: the cheapest decoder
    }
    int valid = i;
    while (valid < end) {
      if (b[valid] >= 0) {
        valid++;
        continue;
      }
      int n = sequenceLength(b, valid, end);
      if (n == 0) {
        break;
      }
      valid += n;
    }
    if (valid == end) {
      return new String(b, off, len, StandardCharsets.UTF_8);
    }
    StringBuilder s = new StringBuilder(len).append(new String(b, off, valid - off, StandardCharsets.UTF_8));
    for (i = valid; i < end; ) {
      int c = b[i] & 0xff;
      int n = c < 0x80 ? 1 : sequenceLength(b, i, end);
      if (n == 0) {
        s.append((char) (ESCAPE | c));
        i++;
      } else {
        s.append(new String(b, i, n, StandardCharsets.UTF_8));
        i += n;
      }
    }
    return s.toString();
  }

  public static String decode(byte[] b) {
    return decode(b, 0, b.length);
  }

  /**
   * The length of the well-formed UTF-8 sequence starting at {@code i} (lead byte 0x80 or above), or 0: the rules
   * of Go's utf8 and the JDK's decoder (no overlong forms, no surrogates, nothing above U+10FFFF).
   */
  private static int sequenceLength(byte[] b, int i, int end) {
    int c = b[i] & 0xff;
    int n;
    int lo = 0x80;
    int hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      lo = c == 0xE0 ? 0xA0 : 0x80;
      hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      return 0;
    }
    if (i + n > end) {
      return 0;
    }
    int second = b[i + 1] & 0xff;
    if (second < lo || second > hi) {
      return 0;
    }
    for (int k = 2; k < n; k++) {
      int x = b[i + k] & 0xff;
      if (x < 0x80 || x > 0xBF) {
        return 0;
      }
    }
    return n;
  }

  /** The bytes {@code name} stands for (see {@link #decode}). */
  public static byte[] encode(String name) {
    return encode(name, 0);
  }

  /** {@link #encode} with a NUL after it, for a system call. */
  public static byte[] cString(String name) {
    return encode(name, 1);
  }

  private static byte[] encode(String s, int nul) {
    int n = s.length();
    int i = 0;
    while (i < n && s.charAt(i) < 0x80) {
      i++;
    }
    if (i == n) {
      byte[] b = new byte[n + nul];
      for (int k = 0; k < n; k++) {
        b[k] = (byte) s.charAt(k); // ASCII: each char is its byte
      }
      return b;
    }
    if (!hasSurrogate(s, i)) {
      byte[] u = s.getBytes(StandardCharsets.UTF_8);
      return nul == 0 ? u : Arrays.copyOf(u, u.length + 1);
    }
    byte[] out = new byte[n * 3 + nul];
    int o = 0;
    for (int k = 0; k < n; ) {
      char c = s.charAt(k);
      if (c >= 0xDC80 && c <= 0xDCFF) {
        out[o++] = (byte) c;
        k++;
      } else if (Character.isHighSurrogate(c) && k + 1 < n && Character.isLowSurrogate(s.charAt(k + 1))) {
        byte[] u = s.substring(k, k + 2).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(u, 0, out, o, u.length);
        o += u.length;
        k += 2;
      } else {
        byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8); // any other lone surrogate: '?', as the JDK
        System.arraycopy(u, 0, out, o, u.length);
        o += u.length;
        k++;
      }
    }
    return Arrays.copyOf(out, o + nul);
  }

  private static boolean hasSurrogate(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code name} holds an escaped byte, so that the JDK cannot take it as a path. */
  public static boolean hasEscapes(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(name.charAt(i - 1)))) {
        return true;
      }
    }
    return false;
  }

  /** {@code name} with each escaped byte as U+FFFD, as Go's JSON shows a name that is not UTF-8. */
  public static String lossy(String name) {
    if (!hasEscapes(name)) {
      return name;
    }
    StringBuilder b = new StringBuilder(name);
    for (int i = 0; i < b.length(); i++) {
      char c = b.charAt(i);
      if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(b.charAt(i - 1)))) {
        b.setCharAt(i, '\uFFFD');
      }
    }
    return b.toString();
  }

  /** Orders names as their bytes compare (unsigned), which is Go's string order. */
  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
          return Arrays.compareUnsigned(encode(a), encode(b));
        }
        return Character.compare(x, y); // below the surrogates, char order is UTF-8 byte order
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /** {@code name} (relative or absolute) as a Path holding its bytes. */
  public static Path path(String name) {
    if (!hasEscapes(name) && (JNU_UTF8 || isAscii(name))) {
      return Path.of(name);
    }
    byte[] b = encode(name);
    StringBuilder u = new StringBuilder(b.length * 3 + 8).append("file://");
    if (b.length == 0 || b[0] != '/') {
      u.append('/');
    }
    for (byte x : b) {
      int c = x & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '.'
          || c == '-' || c == '_') {
        u.append((char) c);
      } else {
        u.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    Path abs = Path.of(URI.create(u.toString()));
    return b.length > 0 && b[0] == '/' ? abs : SLASH.relativize(abs);
  }

  /** {@code dir}/{@code rel} ({@code dir} itself when {@code rel} is empty), keeping the bytes of both. */
  public static Path resolve(Path dir, String rel) {
    if (rel.isEmpty()) {
      return dir;
    }
    return hasEscapes(rel) ? dir.resolve(path(rel)) : dir.resolve(rel);
  }

  /** The name {@code p} holds, escaped where its bytes are not UTF-8. */
  public static String name(Path p) {
    String s = p.toString();
    if (JNU_UTF8 ? s.indexOf('\uFFFD') < 0 : isAscii(s)) {
      return s; // the JDK decoded the bytes without loss
    }
    return decode(bytes(p));
  }

  /** The bytes of {@code p}, as the kernel sees them. */
  public static byte[] bytes(Path p) {
    String s = p.toString();
    if (JNU_UTF8 ? s.indexOf('\uFFFD') < 0 : isAscii(s)) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    boolean relative = !p.isAbsolute();
    String raw = (relative ? SLASH.resolve(p) : p).toUri().getRawPath();
    byte[] b = new byte[raw.length()];
    int n = 0;
    for (int i = relative ? 1 : 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        b[n++] = (byte) Integer.parseInt(raw, i + 1, i + 3, 16);
        i += 2;
      } else {
        b[n++] = (byte) c;
      }
    }
    if (n > 1 && b[n - 1] == '/' && !s.endsWith("/")) {
      n--; // toUri marks a directory with a slash
    }
    return Arrays.copyOf(b, n);
  }

  /** {@link #bytes} with a NUL after them, for a system call. */
  public static byte[] cPath(Path p) {
    String s = p.toString();
    if (JNU_UTF8 ? s.indexOf('\uFFFD') < 0 : isAscii(s)) {
      return cString(s);
    }
    byte[] b = bytes(p);
    return Arrays.copyOf(b, b.length + 1);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
