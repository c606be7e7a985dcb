package dev.ovl.archive;

import dev.ovl.natives.RawNames;
import dev.ovl.natives.TreeReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where an export's bytes go: filled buffers are written out, and a big file is copied in the kernel. */
final class TarSink {
  private final OutputStream out;
  private final FileChannel channel;
  private final FileChannel sendChannel;
  private byte[] heapCopy;

  private TarSink(OutputStream out) {
    this.out = out;
    this.channel = out instanceof FileOutputStream f ? f.getChannel() : null;
    this.sendChannel = channel != null && seekable(channel) ? channel : null;
  }

  /** A sink on {@code out} (not closed); a file gets big files through sendfile, not through Java. */
  static TarSink of(OutputStream out) {
    return new TarSink(out);
  }

  private static boolean seekable(FileChannel c) {
    try {
      c.position();
      return true;
    } catch (IOException e) {
      return false; // a pipe: plain writes
    }
  }

  /** Whether {@link #send} works: the sink is a regular file. */
  boolean canSend() {
    return sendChannel != null;
  }

  /** Writes {@code b} from its position to its limit. */
  void write(ByteBuffer b) throws IOException {
    if (channel != null) {
      while (b.hasRemaining()) {
        channel.write(b);
      }
      return;
    }
    if (heapCopy == null) {
      heapCopy = new byte[b.capacity()];
    }
    while (b.hasRemaining()) {
      int n = Math.min(b.remaining(), heapCopy.length);
      b.get(heapCopy, 0, n);
      out.write(heapCopy, 0, n);
    }
  }

  /**
   * Appends exactly {@code size} bytes of open file {@code fd}, or when it is -1 of the file at {@code cpath}
   * (NUL-terminated), the data of entry {@code name}.
   */
  void send(byte[] cpath, int fd, long size, String name) throws IOException {
    // The descriptor's /proc link reaches the file whatever bytes its name holds; a path is decoded as UTF-8.
    try (FileChannel in = fd >= 0 ? FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ)
        : FileChannel.open(RawNames.path(TreeReader.text(cpath)), StandardOpenOption.READ,
            LinkOption.NOFOLLOW_LINKS)) {
      long pos = 0;
      while (pos < size) {
        long n = in.transferTo(pos, size - pos, sendChannel);
        if (n <= 0) {
          throw new IOException(shrank(name, size - pos));
        }
        pos += n;
      }
    }
  }

  static String shrank(String name, long missing) {
    return "\"" + name + "\" shrank while being exported (" + missing + " bytes missing)";
  }

  void flush() throws IOException {
    out.flush();
  }
}
