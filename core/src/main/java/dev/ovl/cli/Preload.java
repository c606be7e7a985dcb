package dev.ovl.cli;

import dev.ovl.natives.Syscalls;
import dev.ovl.store.StorageConf;

/**
 * Loads, on the second core, what a fresh {@code ovl} process needs after picocli has parsed the command line:
 * Jackson's TOML reader (storage.conf) and the libc binding (JNA unpacks and loads its native library). Nothing is
 * shared but loaded classes: the main thread reads storage.conf again itself.
 */
final class Preload {
  private Preload() {}

  static void start() {
    Thread t = new Thread(Preload::run, "ovl-preload");
    t.setDaemon(true);
    t.start();
  }

  private static void run() {
    try {
      StorageConf.load();
      Syscalls.pageSize();
    } catch (Exception | LinkageError e) {
      // the main thread meets the same failure where it can report it
    }
  }
}
