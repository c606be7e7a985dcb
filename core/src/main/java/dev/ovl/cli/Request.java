package dev.ovl.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What a client sends: its argv, cwd, which of stdin/stdout/stderr are terminals, and the env vars ovl reads. */
record Request(List<String> args, String cwd, boolean inTty, boolean outTty, boolean errTty, Map<String, String> env) {
  /** The environment variables that change what ovl does (storage.conf, the shifting test switch). */
  static final List<String> ENV = List.of("CONTAINERS_STORAGE_CONF", "_TEST_FORCE_SUPPORT_SHIFTING");

  /** What a nailgun client's environment passes on: {@link #ENV} and the client's {@link Namespace}. */
  static final List<String> FORWARDED = Stream.concat(ENV.stream(), Stream.of(Namespace.VAR)).toList();

  /** Global options that take a separate value, skipped when looking for the subcommand. */
  private static final List<String> VALUED = List.of("--root", "--runroot", "-o", "--storage-opt", "--log-level");

  byte[] encode() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(1);
    text(d, cwd);
    d.writeByte((inTty ? 1 : 0) | (outTty ? 2 : 0) | (errTty ? 4 : 0));
    d.writeInt(env.size());
    for (Map.Entry<String, String> e : env.entrySet()) {
      text(d, e.getKey());
      text(d, e.getValue());
    }
    d.writeInt(args.size());
    for (String a : args) {
      text(d, a);
    }
    return b.toByteArray();
  }

  static Request decode(byte[] bytes) throws IOException {
    DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes));
    if (d.readInt() != 1) {
      throw new IOException("unknown request version");
    }
    String cwd = text(d);
    int tty = d.readByte();
    Map<String, String> env = new LinkedHashMap<>();
    for (int n = d.readInt(); n > 0; n--) {
      env.put(text(d), text(d));
    }
    List<String> args = new ArrayList<>();
    for (int n = d.readInt(); n > 0; n--) {
      args.add(text(d));
    }
    return new Request(args, cwd, (tty & 1) != 0, (tty & 2) != 0, (tty & 4) != 0, env);
  }

  /** The subcommand's name: the first word that is neither an option nor a global option's value ("" if none). */
  String subcommand() {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (VALUED.contains(a)) {
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return "";
  }

  private static void text(DataOutputStream d, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    d.writeInt(b.length);
    d.write(b);
  }

  private static String text(DataInputStream d) throws IOException {
    byte[] b = new byte[d.readInt()];
    d.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
