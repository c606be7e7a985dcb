package dev.ovl.cli;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nailgun protocol as Debian's {@code ng-nailgun} 0.9.3 client speaks it: chunks of a 4-byte big-endian length,
 * a type byte and the payload. The client sends 'A' args, 'E' env "K=V" (all of it), 'D' cwd, then 'C' the command
 * ({@code ovl}); afterwards one '0' stdin chunk (at most 2 KiB) or '.' (end of input) per 'S' asked, and 'H' every
 * second while idle. The server sends '1' stdout, '2' stderr, 'S' and last 'X' the exit code in ASCII decimal.
 */
final class NailgunWire implements Wire {
  /** The command name the client must send (the wrapper runs {@code ng-nailgun ovl ARGS}). */
  static final String COMMAND = "ovl";
  private static final int MAX_CHUNK = 1 << 20;

  private final DataInputStream in;
  private final OutputStream out;
  private String refusal;

  private NailgunWire(SocketChannel ch, byte first) {
    in = Frames.reader(ch, new byte[] {first});
    out = Frames.output(ch);
  }

  /** The nailgun wire over {@code ch}, whose first byte {@code first} the server has read already. */
  static NailgunWire over(SocketChannel ch, byte first) {
    return new NailgunWire(ch, first);
  }

  /** Why the request cannot be run (a command other than {@link #COMMAND}), or null. */
  String refusal() {
    return refusal;
  }

  @Override
  public Request request() throws IOException {
    List<String> args = new ArrayList<>();
    Map<String, String> env = new HashMap<>();
    String cwd = "/";
    for (Chunk c = next(); c != null; c = next()) {
      String s = new String(c.data, StandardCharsets.UTF_8);
      switch (c.type) {
        case 'A' -> args.add(s);
        case 'E' -> {
          int eq = s.indexOf('=');
          if (eq > 0) {
            env.put(s.substring(0, eq), s.substring(eq + 1));
          }
        }
        case 'D' -> cwd = s;
        case 'C' -> {
          if (!s.equals(COMMAND) && !s.endsWith("/" + COMMAND)) {
            refusal = "this nailgun server runs only `" + COMMAND + "`, not `" + s + "`";
          }
          Map<String, String> ours = new LinkedHashMap<>();
          for (String k : Request.FORWARDED) {
            if (env.containsKey(k)) {
              ours.put(k, env.get(k));
            }
          }
          return new Request(args, cwd, tty(env, 0), tty(env, 1), tty(env, 2), ours);
        }
        case 'H' -> { }
        default -> throw new IOException("unexpected nailgun chunk '" + (char) c.type + "' before the command");
      }
    }
    return null;
  }

  private static boolean tty(Map<String, String> env, int fd) {
    return "1".equals(env.get("NAILGUN_TTY_" + fd));
  }

  private record Chunk(byte type, byte[] data) {}

  /** The next chunk from the client, or null when it has hung up (mid-chunk too). */
  private Chunk next() throws IOException {
    try {
      int len = in.readInt();
      byte type = in.readByte();
      if (len < 0 || len > MAX_CHUNK) {
        throw new IOException("bad nailgun chunk length " + len);
      }
      byte[] data = new byte[len];
      in.readFully(data);
      return new Chunk(type, data);
    } catch (EOFException e) {
      return null;
    }
  }

  private synchronized void send(byte type, byte[] b, int off, int len) throws IOException {
    byte[] chunk = new byte[5 + len];
    ByteBuffer.wrap(chunk).putInt(len).put(type).put(b, off, len);
    out.write(chunk);
  }

  /** Nothing: ng-nailgun exits 227 on a lost connection whether or not the command had started. */
  @Override
  public void started() {}

  @Override
  public void out(byte[] b, int off, int len) throws IOException {
    send((byte) '1', b, off, len);
  }

  @Override
  public void err(byte[] b, int off, int len) throws IOException {
    send((byte) '2', b, off, len);
  }

  /** The 0.9.3 client answers each 'S' with one chunk of at most 2 KiB, whatever {@code max} is. */
  @Override
  public void askInput(int max) throws IOException {
    send((byte) 'S', new byte[0], 0, 0);
  }

  @Override
  public void exit(int code) throws IOException {
    byte[] b = Integer.toString(code).getBytes(StandardCharsets.US_ASCII);
    send((byte) 'X', b, 0, b.length);
  }

  /** The client exits with {@link Client#RUN_LOCALLY}, on which the wrapper runs the command itself. */
  @Override
  public void runLocally() throws IOException {
    exit(Client.RUN_LOCALLY);
  }

  @Override
  public void listen(Listener l) throws IOException {
    for (Chunk c = next(); c != null; c = next()) {
      if (c.type == '0' && c.data.length > 0) {
        l.stdin(c.data);
      } else if (c.type == '.') {
        l.stdin(new byte[0]);
      }
    }
  }
}
