package dev.ovl.inspect;

import dev.ovl.driver.OverlayDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** The start of a text file in a layer's {@code diff}, for a preview pane. Read-only. */
public final class Preview {
  /** At most this many bytes are read. */
  public static final int MAX_BYTES = 16 * 1024;

  private Preview() {}

  /** The file's first bytes as UTF-8 text; empty if it is not a regular file or not text. */
  public static Optional<String> text(OverlayDriver d, String id, String relPath) throws IOException {
    Path diff = d.diffPath(id);
    Path p = diff.resolve(PathSearch.normalize(relPath));
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    byte[] buf;
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      buf = in.readNBytes(MAX_BYTES);
    }
    for (byte b : buf) {
      if (b == 0) {
        return Optional.empty();
      }
    }
    try {
      String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, 0, trimPartial(buf))).toString();
      return Optional.of(s);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** Drops a UTF-8 sequence cut off at the end of the buffer. */
  private static int trimPartial(byte[] buf) {
    int n = buf.length;
    for (int back = 1; back <= 3 && n - back >= 0; back++) {
      int b = buf[n - back] & 0xff;
      if ((b & 0xC0) == 0xC0) {
        int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        return need > back ? n - back : n;
      }
      if ((b & 0x80) == 0) {
        return n;
      }
    }
    return n;
  }
}
