package dev.ovl.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client's request: runs {@link Main#run} on its own thread with the client's stdio, and relays its Ctrl-C. */
final class Session {
  private static final byte[] EOF = new byte[0];
  /** The client hung up or cancelled: its stdin did not end, so a command reading it fails instead of seeing EOF. */
  private static final byte[] GONE = new byte[0];

  private static final Logger LOG = LoggerFactory.getLogger(Session.class);

  private final SocketChannel ch;
  private final Wire wire;
  private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
  private volatile Stdio io;
  private volatile boolean finished;
  private volatile Thread command;

  private Session(SocketChannel ch, Wire wire) {
    this.ch = ch;
    this.wire = wire;
  }

  static Session of(SocketChannel ch, Wire wire) {
    return new Session(ch, wire);
  }

  /** Reads the request, starts the command, relays stdin and cancels until the client hangs up. */
  void serve(String refusal, String name) throws IOException, InterruptedException {
    try (ch) {
      Request req = wire.request();
      if (req == null) {
        return;
      }
      if (refusal == null && wire instanceof NailgunWire ng) {
        refusal = ng.refusal();
      }
      if (refusal != null) {
        byte[] msg = ("ovl: " + refusal + System.lineSeparator()).getBytes(Charset.defaultCharset());
        wire.err(msg, 0, msg.length);
        wire.exit(1);
        return;
      }
      if (Server.mustRunLocally(req) != null) {
        wire.runLocally();
        return;
      }
      wire.started();
      Thread cmd = new Thread(() -> run(req), name);
      command = cmd;
      cmd.start();
      relayClient();
      cmd.join();
    }
  }

  private void relayClient() throws IOException {
    try {
      wire.listen(new Wire.Listener() {
        @Override
        public void stdin(byte[] b) {
          stdin.add(b.length == 0 ? EOF : b);
        }

        @Override
        public void cancel() throws IOException {
          Session.this.cancel();
        }
      });
    } catch (IOException e) {
      // the client is gone: treated as its Ctrl-C below
    }
    if (!finished) {
      cancel();
      stdin.add(GONE);
    }
  }

  /** The client's Ctrl-C: cancels the command's guarded work; a command without any just loses its client. */
  void cancel() throws IOException {
    Stdio s = io;
    if (s == null || s.guards().isEmpty()) {
      ch.close();
      return;
    }
    s.guards().forEach(CtrlC::cancelNow);
    stdin.add(GONE); // a command waiting for the client's stdin stops waiting and rolls back

  }

  /**
   * The server is stopping: cancels the command's guarded work and waits for its rollback, up to a minute, as a
   * local run's Ctrl-C does; an unguarded command dies with the server, as it would with its own process.
   */
  void stop() throws InterruptedException {
    Stdio s = io;
    Thread t = command;
    if (s == null || t == null || s.guards().isEmpty()) {
      return;
    }
    s.guards().forEach(CtrlC::cancelNow);
    stdin.add(GONE);
    t.join(60_000);
  }

  private void run(Request req) {
    OutputStream out = new BufferedOutputStream(new FrameOutput(false), 1 << 16);
    PrintStream err = new PrintStream(new FrameOutput(true), true, Charset.defaultCharset());
    boolean canAsk = req.inTty() && req.outTty();
    io = Stdio.served(new FrameInput(), out, err, Path.of(req.cwd()), req.errTty(), canAsk ? this::ask : null);
    Stdio.set(io);
    int code = 1;
    long start = System.nanoTime();
    try {
      PrintWriter pout = new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true);
      PrintWriter perr = new PrintWriter(new OutputStreamWriter(err, Charset.defaultCharset()), true);
      code = Main.run(req.args().toArray(String[]::new), pout, perr);
      pout.flush();
      perr.flush();
      out.flush();
    } catch (Throwable e) {
      err.println("ovl: " + Errors.oneLine(e));
    } finally {
      finished = true;
      LOG.debug("{} {}: exit {} after {} ms", Thread.currentThread().getName(), req.args(), code,
          (System.nanoTime() - start) / 1_000_000);
      try {
        wire.exit(code);
      } catch (IOException e) {
        // the client is gone; nobody is left to tell
      }
    }
  }

  /** Confirm's question on the client's terminal: prompt on its stdout, the answer line from its stdin. */
  private String ask(String question) {
    try {
      io.out().write(question.getBytes(Charset.defaultCharset()));
      io.out().flush();
      StringBuilder line = new StringBuilder();
      for (int c = io.in().read(); c != '\n'; c = io.in().read()) {
        if (c < 0) {
          return line.length() == 0 ? null : line.toString();
        }
        line.append((char) c);
      }
      return line.toString();
    } catch (IOException e) {
      return null;
    }
  }

  /** The client's stdin: asked for only when the command reads, so an unread stdin stays the caller's. */
  private final class FrameInput extends InputStream {
    private byte[] chunk = new byte[0];
    private int pos;
    private boolean end;
    private boolean gone;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos == chunk.length && !end) {
        wire.askInput(len);
        try {
          chunk = stdin.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted reading stdin");
        }
        pos = 0;
        end = chunk == EOF || chunk == GONE;
        gone = chunk == GONE;
      }
      if (gone) {
        throw new InterruptedIOException("the client went away before the end of its input");
      }
      if (end) {
        return -1;
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /** Bytes the command writes to stdout or stderr, sent to the client. */
  private final class FrameOutput extends OutputStream {
    private final boolean err;

    FrameOutput(boolean err) {
      this.err = err;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0 && err) {
        wire.err(b, off, len);
      } else if (len > 0) {
        wire.out(b, off, len);
      }
    }
  }
}
