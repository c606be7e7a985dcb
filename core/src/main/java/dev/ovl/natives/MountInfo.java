package dev.ovl.natives;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/** One line of {@code /proc/self/mountinfo}. */
public record MountInfo(
    int id,
    int parentId,
    String majorMinor,
    String root,
    Path mountPoint,
    String options,
    List<String> optionalFields,
    String fsType,
    String source,
    String superOptions) {

  private static final Path SELF = Path.of("/proc/self/mountinfo");

  /** Every mount of this process's mount namespace, in the kernel's order. */
  public static List<MountInfo> read() throws IOException {
    return parse(Files.readString(SELF, StandardCharsets.UTF_8));
  }

  /** The mounts whose mount point is {@code path} (several when mounts are stacked), last one on top. */
  public static List<MountInfo> at(Path path) throws IOException {
    Path p = path.toAbsolutePath().normalize();
    return read().stream().filter(m -> m.mountPoint().equals(p)).toList();
  }

  /** True if something is mounted on {@code path}. */
  public static boolean isMountPoint(Path path) throws IOException {
    return !at(path).isEmpty();
  }

  /** Parses mountinfo text; a malformed line is an error naming its line number. */
  public static List<MountInfo> parse(String text) throws IOException {
    List<MountInfo> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : text.split("\n")) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(parseLine(line));
      } catch (InvalidPathException e) {
        throw new IOException("mountinfo line " + lineNo + " is malformed: the mount point " + e.getReason()
            + " (at index " + e.getIndex() + ")");
      } catch (RuntimeException e) {
        throw new IOException("mountinfo line " + lineNo + " is malformed: " + e.getMessage());
      }
    }
    return out;
  }

  static MountInfo parseLine(String line) {
    String[] f = line.split(" ");
    int sep = Arrays.asList(f).indexOf("-");
    if (sep < 6 || f.length < sep + 3) {
      throw new IllegalArgumentException("expected 10 or more fields with a '-' separator");
    }
    return new MountInfo(
        Integer.parseInt(f[0]),
        Integer.parseInt(f[1]),
        f[2],
        unescape(f[3]),
        Path.of(unescape(f[4])),
        f[5],
        List.copyOf(Arrays.asList(f).subList(6, sep)),
        unescape(f[sep + 1]),
        unescape(f[sep + 2]),
        f.length > sep + 3 ? f[sep + 3] : "");
  }

  /** The kernel escapes space, tab, newline and backslash as three-digit octal. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }

  /** The super options as an ordered key→value map; a bare word maps to the empty string. */
  public Map<String, String> superOptionMap() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String o : superOptions.split(",")) {
      int eq = o.indexOf('=');
      if (eq < 0) {
        m.put(o, "");
      } else {
        m.put(o.substring(0, eq), o.substring(eq + 1));
      }
    }
    return m;
  }
}
