package dev.ovl.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The wire between {@link Client} and the server: frames of a type byte, a length and that many bytes. JDK only,
 * so that the client loads without the CLI's libraries.
 */
final class Frames {
  /** Client to server: the {@link Request}, stdin bytes (empty: end of input), cancel (Ctrl-C). */
  static final byte REQUEST = 'Q';
  static final byte STDIN = 'I';
  static final byte CANCEL = 'C';
  /**
   * Server to client: the command starts (before it, the server has done nothing), stdout and stderr bytes, a
   * request for up to n stdin bytes, the exit code, run locally.
   */
  static final byte STARTED = 'S';
  static final byte OUT = 'O';
  static final byte ERR = 'E';
  static final byte READ = 'R';
  static final byte EXIT = 'X';
  static final byte FALLBACK = 'F';

  private final DataInputStream in;
  private final DataOutputStream out;

  private Frames(SocketChannel ch, byte[] read) {
    in = reader(ch, read);
    out = new DataOutputStream(output(ch));
  }

  /** A buffered reader of {@code ch} that first gives back {@code read}, bytes already taken from it. */
  static DataInputStream reader(SocketChannel ch, byte[] read) {
    InputStream rest = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(read), input(ch));
    return new DataInputStream(new java.io.BufferedInputStream(rest, 1 << 16));
  }

  static Frames over(SocketChannel ch) {
    return new Frames(ch, new byte[0]);
  }

  /** Frames over {@code ch} whose first byte, {@code first}, the server has already read to tell the protocol. */
  static Frames over(SocketChannel ch, byte first) {
    return new Frames(ch, new byte[] {first});
  }

  /** One received frame. */
  record Frame(byte type, byte[] data) {
    int asInt() {
      return ByteBuffer.wrap(data).getInt();
    }
  }

  synchronized void send(byte type, byte[] b, int off, int len) throws IOException {
    byte[] f = new byte[5 + len];
    f[0] = type;
    ByteBuffer.wrap(f, 1, 4).putInt(len);
    System.arraycopy(b, off, f, 5, len);
    out.write(f);
  }

  void send(byte type, byte[] b) throws IOException {
    send(type, b, 0, b.length);
  }

  void sendInt(byte type, int v) throws IOException {
    send(type, ByteBuffer.allocate(4).putInt(v).array());
  }

  /** The next frame, or null when the peer closed the connection between frames. */
  Frame receive() throws IOException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    int len = in.readInt();
    if (len < 0 || len > (64 << 20)) {
      throw new IOException("bad frame length " + len);
    }
    byte[] data = new byte[len];
    in.readFully(data);
    return new Frame((byte) type, data);
  }

  /** Not Channels.newInputStream: its reads hold the channel's lock and would block writes from other threads. */
  static InputStream input(SocketChannel ch) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
      }
    };
  }

  static OutputStream output(SocketChannel ch) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
    };
  }

  static EOFException gone() {
    return new EOFException("the ovl server went away mid-request");
  }
}
