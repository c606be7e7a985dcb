package dev.ovl.natives;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Splits a mount option string such as {@code "ro,nodev,context=x,lowerdir=a"} into mount(2) flags and data. */
public final class MountOptions {
  /** A flag word to set or, when {@code clear}, to remove. */
  private record Flag(boolean clear, long bits) {}

  private static final Map<String, Flag> FLAGS = Map.ofEntries(
      Map.entry("ro", new Flag(false, Syscalls.MS_RDONLY)),
      Map.entry("rw", new Flag(true, Syscalls.MS_RDONLY)),
      Map.entry("suid", new Flag(true, Syscalls.MS_NOSUID)),
      Map.entry("nosuid", new Flag(false, Syscalls.MS_NOSUID)),
      Map.entry("dev", new Flag(true, Syscalls.MS_NODEV)),
      Map.entry("nodev", new Flag(false, Syscalls.MS_NODEV)),
      Map.entry("exec", new Flag(true, Syscalls.MS_NOEXEC)),
      Map.entry("noexec", new Flag(false, Syscalls.MS_NOEXEC)),
      Map.entry("sync", new Flag(false, Syscalls.MS_SYNCHRONOUS)),
      Map.entry("async", new Flag(true, Syscalls.MS_SYNCHRONOUS)),
      Map.entry("dirsync", new Flag(false, Syscalls.MS_DIRSYNC)),
      Map.entry("remount", new Flag(false, Syscalls.MS_REMOUNT)),
      Map.entry("mand", new Flag(false, Syscalls.MS_MANDLOCK)),
      Map.entry("nomand", new Flag(true, Syscalls.MS_MANDLOCK)),
      Map.entry("atime", new Flag(true, Syscalls.MS_NOATIME)),
      Map.entry("noatime", new Flag(false, Syscalls.MS_NOATIME)),
      Map.entry("diratime", new Flag(true, Syscalls.MS_NODIRATIME)),
      Map.entry("nodiratime", new Flag(false, Syscalls.MS_NODIRATIME)),
      Map.entry("bind", new Flag(false, Syscalls.MS_BIND)),
      Map.entry("rbind", new Flag(false, Syscalls.MS_BIND | Syscalls.MS_REC)),
      Map.entry("unbindable", new Flag(false, Syscalls.MS_UNBINDABLE)),
      Map.entry("runbindable", new Flag(false, Syscalls.MS_UNBINDABLE | Syscalls.MS_REC)),
      Map.entry("private", new Flag(false, Syscalls.MS_PRIVATE)),
      Map.entry("rprivate", new Flag(false, Syscalls.MS_PRIVATE | Syscalls.MS_REC)),
      Map.entry("shared", new Flag(false, Syscalls.MS_SHARED)),
      Map.entry("rshared", new Flag(false, Syscalls.MS_SHARED | Syscalls.MS_REC)),
      Map.entry("slave", new Flag(false, Syscalls.MS_SLAVE)),
      Map.entry("rslave", new Flag(false, Syscalls.MS_SLAVE | Syscalls.MS_REC)),
      Map.entry("relatime", new Flag(false, Syscalls.MS_RELATIME)),
      Map.entry("norelatime", new Flag(true, Syscalls.MS_RELATIME)),
      Map.entry("strictatime", new Flag(false, Syscalls.MS_STRICTATIME)),
      Map.entry("nostrictatime", new Flag(true, Syscalls.MS_STRICTATIME)));

  /** The outcome: flags for mount(2) and the comma-joined rest for its data argument. */
  public record Parsed(long flags, String data) {
    public boolean readOnly() {
      return (flags & Syscalls.MS_RDONLY) != 0;
    }
  }

  private MountOptions() {}

  /** Parses {@code options}; empty entries and {@code defaults} are dropped, unknown words become data. */
  public static Parsed parse(String options) {
    long flags = 0;
    List<String> data = new ArrayList<>();
    for (String o : options.split(",", -1)) {
      if (o.isEmpty() || o.equals("defaults")) {
        continue;
      }
      Flag f = FLAGS.get(o);
      if (f == null) {
        data.add(o);
      } else if (f.clear()) {
        flags &= ~f.bits();
      } else {
        flags |= f.bits();
      }
    }
    return new Parsed(flags, String.join(",", data));
  }

  /** True if {@code option} is one mount(2) takes as a flag rather than as data. */
  public static boolean isFlag(String option) {
    return FLAGS.containsKey(option);
  }
}
