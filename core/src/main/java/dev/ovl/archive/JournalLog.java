package dev.ovl.archive;

import dev.ovl.natives.RawNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-disk copy of an in-place apply's {@link Journal}, one line per step, each written before the step it
 * describes: a killed apply leaves enough to undo it. Names (their raw bytes) and xattr values are Base64, so any
 * byte fits on a line.
 * Not fsynced: it survives a kill, not a power loss.
 */
final class JournalLog implements AutoCloseable {
  static final String FILE = "journal";
  private static final String HEADER = "ovl-apply-journal 1";

  /** One step, as read back: {@code kind} C (created), M (moved aside) or S (metadata saved). */
  record Step(char kind, String rel, String parked, FileStat stat, Map<String, byte[]> xattrs) {}

  private final FileChannel out;

  private JournalLog(FileChannel out) {
    this.out = out;
  }

  /** Starts the log in {@code trash}, which must not hold one yet. */
  static JournalLog create(Path trash) throws IOException {
    JournalLog log = new JournalLog(FileChannel.open(trash.resolve(FILE), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
    log.write(HEADER);
    return log;
  }

  void created(String rel) throws IOException {
    write("C\t" + b64(RawNames.encode(rel)));
  }

  void moved(String rel, String parked) throws IOException {
    write("M\t" + b64(RawNames.encode(rel)) + "\t" + parked);
  }

  void saved(String rel, FileStat st, Map<String, byte[]> xattrs) throws IOException {
    StringBuilder b = new StringBuilder("S\t").append(b64(RawNames.encode(rel))).append('\t').append(st.mode()).append('\t')
        .append(st.uid()).append('\t').append(st.gid()).append('\t').append(st.atimeNanos()).append('\t')
        .append(st.mtimeNanos());
    xattrs.forEach((k, v) -> b.append('\t').append(b64(k.getBytes(StandardCharsets.UTF_8))).append(':').append(Base64.getEncoder().encodeToString(v)));
    write(b.toString());
  }

  /** One write(2) per line, so a kill never leaves half a step. */
  private void write(String line) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }

  /** The steps logged in {@code trash}, oldest first; a last line cut short is ignored. */
  static List<Step> read(Path trash) throws IOException {
    String text = Files.readString(trash.resolve(FILE), StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw new IOException("not an apply journal: " + trash.resolve(FILE));
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 1; i < lines.length - 1; i++) {
      steps.add(parse(lines[i], trash, i + 1));
    }
    return steps;
  }

  private static Step parse(String line, Path trash, int lineNo) throws IOException {
    try {
      String[] f = line.split("\t", -1);
      String rel = RawNames.decode(Base64.getDecoder().decode(f[1]));
      if (!rel.isEmpty() && (rel.startsWith("/") || Arrays.stream(rel.split("/", -1))
          .anyMatch(c -> c.isEmpty() || c.equals(".") || c.equals("..")))) {
        throw new IllegalArgumentException("not a plain relative path");
      }
      if (f[0].equals("M") && !f[2].matches("[0-9]{1,9}")) {
        throw new IllegalArgumentException("not a parked entry's name");
      }
      return switch (f[0]) {
        case "C" -> new Step('C', rel, null, null, null);
        case "M" -> new Step('M', rel, f[2], null, null);
        case "S" -> {
          FileStat st = new FileStat(Integer.parseInt(f[2]), 0, 0, 0, 0, Integer.parseInt(f[3]),
              Integer.parseInt(f[4]), 0, Long.parseLong(f[6]), Long.parseLong(f[5]));
          Map<String, byte[]> x = new LinkedHashMap<>();
          for (int i = 7; i < f.length; i++) {
            int colon = f[i].indexOf(':');
            x.put(unb64(f[i].substring(0, colon)), Base64.getDecoder().decode(f[i].substring(colon + 1)));
          }
          yield new Step('S', rel, null, st, x);
        }
        default -> throw new IllegalArgumentException("unknown step " + f[0]);
      };
    } catch (RuntimeException e) {
      throw new IOException("apply journal " + trash.resolve(FILE) + " line " + lineNo + " is corrupt");
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static String unb64(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
