package dev.ovl.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** User and group names for tar headers, read once from /etc/passwd and /etc/group (as Go's os/user does). */
final class Names {
  private static Map<Integer, String> users;
  private static Map<Integer, String> groups;

  private Names() {}

  static synchronized String user(int uid) {
    if (users == null) {
      users = read(Path.of("/etc/passwd"));
    }
    return users.getOrDefault(uid, "");
  }

  static synchronized String group(int gid) {
    if (groups == null) {
      groups = read(Path.of("/etc/group"));
    }
    return groups.getOrDefault(gid, "");
  }

  private static Map<Integer, String> read(Path file) {
    Map<Integer, String> m = new HashMap<>();
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        String[] f = line.split(":");
        if (f.length >= 3) {
          try {
            m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
          } catch (NumberFormatException ignored) {
            // not an entry
          }
        }
      }
    } catch (IOException e) {
      // no names: headers carry numbers only
    }
    return m;
  }
}
