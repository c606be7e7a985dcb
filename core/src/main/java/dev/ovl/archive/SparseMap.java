package dev.ovl.archive;

import dev.ovl.work.Text;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GNU sparse files in PAX archives (formats 0.0, 0.1 and 1.0; what {@code tar --sparse --format=posix} writes):
 * the data fragments of the file, in order, each {@code (offset, length)}; everything between them is a hole. The
 * old GNU 'S' type is not read, as containers/storage refuses it too.
 */
final class SparseMap {
  /** The 1.0 map precedes the data; a longer one is refused rather than buffered. */
  static final int MAX_MAP_BYTES = 16 << 20;

  private SparseMap() {}

  enum Format { NONE, IN_RECORDS, IN_DATA }

  /** The PAX records of one entry that describe a sparse file, as collected by the reader. */
  static final class Records {
    String major;
    String minor;
    String name;
    String size;
    String numBlocks;
    String map;
    final List<String> pairs = new ArrayList<>(); // format 0.0: offset and numbytes records, alternating

    /** Takes {@code key=val} if it is a GNU sparse record; false for any other key. */
    boolean take(String key, String val, long at) throws TarFormatException {
      switch (key) {
        case "GNU.sparse.major" -> major = val;
        case "GNU.sparse.minor" -> minor = val;
        case "GNU.sparse.name" -> name = val;
        case "GNU.sparse.size", "GNU.sparse.realsize" -> size = size == null || key.endsWith(".size") ? val : size;
        case "GNU.sparse.numblocks" -> numBlocks = val;
        case "GNU.sparse.map" -> map = val;
        case "GNU.sparse.offset", "GNU.sparse.numbytes" -> {
          if ((pairs.size() % 2 == 0) != key.endsWith("offset")) {
            throw new TarFormatException(at, "corrupt sparse map: GNU.sparse.offset and numbytes out of order");
          }
          pairs.add(val);
        }
        default -> {
          return key.startsWith("GNU.sparse.");
        }
      }
      return true;
    }

    /**
     * Where the map is, as Go reads it: in these records (0.0, 0.1, or a map without a version), at the start of
     * the data (1.0), or nowhere (no map, or an unknown version: the entry is then an ordinary file).
     */
    Format format() {
      if ("1".equals(major) && "0".equals(minor)) {
        return Format.IN_DATA;
      }
      if ("0".equals(major) && ("0".equals(minor) || "1".equals(minor))) {
        return Format.IN_RECORDS;
      }
      if (major != null || minor != null) {
        return Format.NONE;
      }
      return map != null && !map.isEmpty() || !pairs.isEmpty() ? Format.IN_RECORDS : Format.NONE;
    }

    /** The fragments given by the records (formats 0.0 and 0.1). */
    long[] fragments(long at) throws TarFormatException {
      List<String> values = new ArrayList<>(pairs);
      if (map != null && !map.isEmpty()) {
        values.addAll(List.of(map.split(",", -1)));
      }
      if (numBlocks != null && parse(numBlocks, at) * 2 != values.size()) {
        throw new TarFormatException(at, "corrupt sparse map: GNU.sparse.numblocks does not match the map");
      }
      if (values.size() % 2 != 0) {
        throw new TarFormatException(at, "corrupt sparse map: an offset without a length");
      }
      long[] f = new long[values.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = parse(values.get(i), at);
      }
      return f;
    }
  }

  /**
   * A format 1.0 map, read block by block: decimal numbers, one per line, the count first, then offset and length
   * pairs, filling whole 512-byte blocks. Lines are only counted until all are there, then parsed once.
   */
  static final class DataMap {
    private final long at;
    private byte[] text = new byte[4096];
    private int length;
    private long lines;
    private long needed = -1;

    DataMap(long at) {
      this.at = at;
    }

    /** Adds the next block; returns the fragments once the map is complete, else null. */
    long[] add(byte[] block, int off, int n) throws TarFormatException {
      if (length + n > MAX_MAP_BYTES) {
        throw new TarFormatException(at, "corrupt sparse map: longer than " + MAX_MAP_BYTES + " bytes");
      }
      if (length + n > text.length) {
        text = Arrays.copyOf(text, Math.max(text.length * 2, length + n));
      }
      System.arraycopy(block, off, text, length, n);
      for (int i = length; i < length + n; i++) {
        if (text[i] == '\n' && ++lines == 1) {
          needed = 1 + 2 * parse(new String(text, 0, i, StandardCharsets.US_ASCII), at);
        }
      }
      length += n;
      return needed > 0 && lines >= needed ? parseAll() : null;
    }

    private long[] parseAll() throws TarFormatException {
      long[] f = new long[(int) (needed - 1)];
      int start = 0;
      for (int k = -1; k < f.length; k++) {
        int nl = start;
        while (text[nl] != '\n') {
          nl++;
        }
        long v = parse(new String(text, start, nl - start, StandardCharsets.US_ASCII), at);
        if (k >= 0) {
          f[k] = v;
        }
        start = nl + 1;
      }
      return f;
    }
  }

  /** Checks the fragments as Go and BSD tar do: in order, not overlapping, inside the file; returns their sum. */
  static long check(long[] f, long size, long at) throws TarFormatException {
    long end = 0;
    long sum = 0;
    for (int i = 0; i < f.length; i += 2) {
      long off = f[i];
      long len = f[i + 1];
      if (off < 0 || len < 0 || off > Long.MAX_VALUE - len || off + len > size || off < end) {
        throw new TarFormatException(at, "corrupt sparse map: fragment " + off + "+" + len + " of a " + size
            + "-byte file");
      }
      end = off + len;
      sum += len;
    }
    return sum;
  }

  static long parseSize(String v, long at) throws TarFormatException {
    return parse(v, at);
  }

  private static long parse(String v, long at) throws TarFormatException {
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new TarFormatException(at, "corrupt sparse map: " + Text.quote(v) + " is not a number");
    }
  }
}
