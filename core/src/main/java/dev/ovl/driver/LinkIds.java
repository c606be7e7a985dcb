package dev.ovl.driver;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** The 26-character names of {@code l/} links: base32 of random bytes, as containers/storage makes them. */
final class LinkIds {
  static final int LENGTH = 26;
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private LinkIds() {}

  /** A fresh random link name. */
  static String generate() {
    StringBuilder b = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      b.append(BASE32[RANDOM.nextInt(32)]);
    }
    return b.toString();
  }

  /**
   * True if {@code name} can be an {@code l/} entry: letters and digits only, so it can never be a path. Other
   * tools' names (shorter or longer) are accepted as long as they are plain.
   */
  static boolean isValid(String name) {
    return VALID.matcher(name).matches();
  }
}
