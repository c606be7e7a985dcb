package dev.ovl.driver;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker/go-units' RAMInBytes: "10m", "1.5GB", "512k" in binary units. */
final class Units {
  private static final Pattern SIZE = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

  private Units() {}

  static long ramInBytes(String s) {
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid size: " + dev.ovl.work.Text.quote(s));
    }
    double size = Double.parseDouble(m.group(1));
    String unit = m.group(3) == null ? "" : m.group(3).toLowerCase(Locale.ROOT);
    long mul = switch (unit) {
      case "k" -> 1L << 10;
      case "m" -> 1L << 20;
      case "g" -> 1L << 30;
      case "t" -> 1L << 40;
      case "p" -> 1L << 50;
      default -> 1;
    };
    return (long) (size * mul);
  }
}
