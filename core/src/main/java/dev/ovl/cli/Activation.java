package dev.ovl.cli;

import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;

/**
 * Socket activation for {@code ovl serve}: the listening UNIX socket systemd hands over (sd_listen_fds(3):
 * {@code LISTEN_PID}, {@code LISTEN_FDS}, the socket at fd 3) or one given on stdin, inetd's "wait" style.
 */
final class Activation {
  private static final int SD_LISTEN_FDS_START = 3;

  private Activation() {}

  /** The inherited listening socket, or null when this process was started without one. */
  static ServerSocketChannel listener(Map<String, String> env) throws IOException {
    String pid = env.get("LISTEN_PID");
    String fds = env.get("LISTEN_FDS");
    boolean activated = pid != null && fds != null && pid.equals(Long.toString(ProcessHandle.current().pid()));
    if (activated) {
      if (!fds.equals("1")) {
        throw new IOException("socket activation passed " + fds + " sockets; ovl serve listens on one");
      }
      // the JDK adopts an inherited channel from stdin only
      Syscalls.dup2(SD_LISTEN_FDS_START, 0);
      Syscalls.close(SD_LISTEN_FDS_START);
    }
    Channel ch = System.inheritedChannel();
    if (ch instanceof ServerSocketChannel listener && listener.getLocalAddress() instanceof UnixDomainSocketAddress) {
      return listener;
    }
    if (activated) {
      throw new IOException("socket activation passed no listening UNIX stream socket");
    }
    return null;
  }
}
