package dev.ovl.archive;

import dev.ovl.natives.RawNames;
import dev.ovl.work.Text;
import java.nio.charset.StandardCharsets;

/** PAX extended headers: parsed into a holder entry, then laid over the header they precede. */
final class PaxRecords {
  private PaxRecords() {}

  static TarEntry parse(byte[] data, long at) throws TarFormatException {
    TarEntry pax = new TarEntry();
    pax.size = -1;
    pax.uid = -1;
    pax.gid = -1;
    pax.mtimeNanos = Long.MIN_VALUE;
    pax.name = null;
    pax.linkName = null;
    int i = 0;
    while (i < data.length) {
      int sp = i;
      long len = 0;
      while (sp < data.length && data[sp] >= '0' && data[sp] <= '9' && len < Integer.MAX_VALUE) {
        len = len * 10 + (data[sp++] - '0');
      }
      if (sp >= data.length || data[sp] != ' ' || len <= sp - i || i + len > data.length
          || data[(int) (i + len - 1)] != '\n') {
        throw new TarFormatException(at, "corrupt PAX record at byte " + i + " of the extended header");
      }
      int eq = sp + 1;
      while (eq < i + len && data[eq] != '=') {
        eq++;
      }
      if (eq >= i + len) {
        throw new TarFormatException(at, "corrupt PAX record at byte " + i + " of the extended header: no '='");
      }
      String key = new String(data, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
      byte[] raw = java.util.Arrays.copyOfRange(data, eq + 1, (int) (i + len - 1));
      String val = new String(raw, StandardCharsets.UTF_8);
      try {
        switch (key) {
          case "path" -> pax.name = RawNames.decode(raw); // UTF-8 by the standard, but Go writes any bytes
          case "linkpath" -> pax.linkName = RawNames.decode(raw);
          case "size" -> pax.size = Long.parseLong(val);
          case "uid" -> pax.uid = Long.parseLong(val);
          case "gid" -> pax.gid = Long.parseLong(val);
          case "uname" -> pax.uname = val;
          case "gname" -> pax.gname = val;
          case "mtime" -> pax.mtimeNanos = parseTime(val);
          case "atime" -> pax.atimeNanos = parseTime(val);
          default -> {
            if (key.startsWith("SCHILY.xattr.")) {
              pax.xattrs.put(key.substring("SCHILY.xattr.".length()), raw);
            } else if (key.startsWith("GNU.sparse.")) {
              if (pax.sparseRecords == null) {
                pax.sparseRecords = new SparseMap.Records();
              }
              pax.sparseRecords.take(key, val, at);
            }
          }
        }
      } catch (NumberFormatException e) {
        String record = key + "=" + val;
        throw new TarFormatException(at, "corrupt PAX record "
            + Text.quote(record.length() > 80 ? record.substring(0, 80) + "..." : record));
      }
      i += (int) len;
    }
    return pax;
  }

  private static long parseTime(String v) {
    int dot = v.indexOf('.');
    if (dot < 0) {
      return Long.parseLong(v) * 1_000_000_000L;
    }
    long sec = Long.parseLong(v.substring(0, dot).isEmpty() ? "0" : v.substring(0, dot));
    String frac = (v.substring(dot + 1) + "000000000").substring(0, 9);
    long nanos = Long.parseLong(frac);
    return v.startsWith("-") ? sec * 1_000_000_000L - nanos : sec * 1_000_000_000L + nanos;
  }

  static void merge(TarEntry e, TarEntry pax) {
    if (pax.name != null) {
      e.name = pax.name;
    }
    if (pax.linkName != null) {
      e.linkName = pax.linkName;
    }
    if (pax.size >= 0) {
      e.size = pax.size;
    }
    if (pax.uid >= 0) {
      e.uid = pax.uid;
    }
    if (pax.gid >= 0) {
      e.gid = pax.gid;
    }
    if (!pax.uname.isEmpty()) {
      e.uname = pax.uname;
    }
    if (!pax.gname.isEmpty()) {
      e.gname = pax.gname;
    }
    if (pax.mtimeNanos != Long.MIN_VALUE) {
      e.mtimeNanos = pax.mtimeNanos;
    }
    if (pax.atimeNanos != Long.MIN_VALUE) {
      e.atimeNanos = pax.atimeNanos;
    }
    e.xattrs.putAll(pax.xattrs);
  }
}
