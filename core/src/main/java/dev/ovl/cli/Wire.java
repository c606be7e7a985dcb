package dev.ovl.cli;

import java.io.IOException;

/** How a served client talks to {@link Session}: ovl's own {@link Frames} or the nailgun protocol. */
interface Wire {
  /** The client's request, or null when it hung up before making one. */
  Request request() throws IOException;

  /** Tells the client that its command starts now: a connection lost before this left nothing done. */
  void started() throws IOException;

  void out(byte[] b, int off, int len) throws IOException;

  void err(byte[] b, int off, int len) throws IOException;

  /** Asks the client for its next stdin bytes (at most {@code max}); they come to {@link Listener#stdin}. */
  void askInput(int max) throws IOException;

  void exit(int code) throws IOException;

  /** Tells the client to run the command in its own process. */
  void runLocally() throws IOException;

  /** Reads what the client sends after its request until it hangs up. */
  void listen(Listener l) throws IOException;

  /** What a client sends while its command runs. */
  interface Listener {
    /** Stdin bytes; empty at the end of input. */
    void stdin(byte[] b);

    /** The client's Ctrl-C. */
    void cancel() throws IOException;
  }

  /** ovl's own protocol, spoken by {@link Client}. */
  static Wire frames(Frames f) {
    return new Wire() {
      @Override
      public Request request() throws IOException {
        Frames.Frame r = f.receive();
        return r == null || r.type() != Frames.REQUEST ? null : Request.decode(r.data());
      }

      @Override
      public void started() throws IOException {
        f.send(Frames.STARTED, new byte[0]);
      }

      @Override
      public void out(byte[] b, int off, int len) throws IOException {
        f.send(Frames.OUT, b, off, len);
      }

      @Override
      public void err(byte[] b, int off, int len) throws IOException {
        f.send(Frames.ERR, b, off, len);
      }

      @Override
      public void askInput(int max) throws IOException {
        f.sendInt(Frames.READ, max);
      }

      @Override
      public void exit(int code) throws IOException {
        f.sendInt(Frames.EXIT, code);
      }

      @Override
      public void runLocally() throws IOException {
        f.send(Frames.FALLBACK, new byte[0]);
      }

      @Override
      public void listen(Listener l) throws IOException {
        for (Frames.Frame r = f.receive(); r != null; r = f.receive()) {
          if (r.type() == Frames.STDIN) {
            l.stdin(r.data());
          } else if (r.type() == Frames.CANCEL) {
            l.cancel();
          }
        }
      }
    };
  }
}
