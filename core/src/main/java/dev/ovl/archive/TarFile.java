package dev.ovl.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A layer tar read from a regular file. The applier copies big entries from it file to file in the kernel, on its
 * writer threads, instead of reading their data through Java.
 */
public final class TarFile extends InputStream {
  private final FileChannel channel;
  private final long start;

  private TarFile(FileChannel channel) throws IOException {
    this.channel = channel;
    this.start = channel.position();
  }

  /** A stream of {@code tar}: a {@code TarFile} when it is a regular file, else a plain stream (a FIFO, a device). */
  public static InputStream open(Path tar) throws IOException {
    if (!Files.isRegularFile(tar)) {
      return Files.newInputStream(tar);
    }
    return new TarFile(FileChannel.open(tar, StandardOpenOption.READ));
  }

  /** Copies {@code size} bytes at tar offset {@code at} to {@code out}; fails if the file ends before. */
  void copy(long at, long size, FileChannel out) throws IOException {
    for (long done = 0; done < size; ) {
      long n = channel.transferTo(start + at + done, size - done, out);
      if (n <= 0) {
        throw new TarFormatException(at + done, "truncated: the file ends inside an entry's data");
      }
      done += n;
    }
  }

  /** Moves the read position to tar offset {@code at}, which must not lie past the end of the file. */
  void seek(long at) throws IOException {
    if (start + at > channel.size()) {
      throw new TarFormatException(channel.size() - start, "truncated: the file ends inside an entry's data");
    }
    channel.position(start + at);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
