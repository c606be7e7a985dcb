package dev.ovl.work;

/** Makes untrusted text safe to put in a one-line message. */
public final class Text {
  private Text() {}

  /**
   * {@code s} in double quotes, with control characters, quotes and backslashes escaped, and a file name's bytes
   * that are not UTF-8 as {@code \xNN}.
   */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> {
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\x%02x", c));
          } else if (c >= 0xDC80 && c <= 0xDCFF) { // a byte of a name that is not UTF-8 (natives.RawNames)
            b.append(String.format("\\x%02x", c & 0xff));
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    });
    return b.append('"').toString();
  }
}
