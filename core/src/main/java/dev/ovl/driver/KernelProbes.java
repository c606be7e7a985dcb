package dev.ovl.driver;

import dev.ovl.natives.Errno;
import dev.ovl.natives.MountOptions;
import dev.ovl.natives.Mounts;
import dev.ovl.natives.SyscallException;
import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kernel probes the driver runs once per run home, in scratch dirs under the home, each cleaned up after. */
final class KernelProbes {
  private static final Logger log = LoggerFactory.getLogger(KernelProbes.class);

  /** Why the driver cannot run here; the message is what containers/storage reports. */
  static final class Unsupported extends IOException {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message);
    }
  }

  private KernelProbes() {}

  /** The overlay probe, answered from the run home's cache when it holds an answer, and cached otherwise. */
  static void overlayCached(FeatureCache cache, Path home, String backingFs, int uid, int gid) throws IOException {
    Optional<FeatureCache.Entry> overlay = cache.get("overlay");
    if (overlay.isPresent()) {
      log.debug("cached value indicated that overlay is {}supported", overlay.get().supported() ? "" : "not ");
      if (!overlay.get().supported()) {
        throw new Unsupported(overlay.get().text());
      }
      return;
    }
    try {
      supportsOverlay(home, backingFs, uid, gid);
    } catch (Unsupported e) {
      String text = "kernel does not support overlay fs: " + e.getMessage();
      cache.put("overlay", false, text);
      throw new Unsupported(text);
    }
    cache.put("overlay", true, "");
  }

  /** The metacopy probe for {@code mountOptions}, cached per option string as the reference does. */
  static boolean metacopyCached(FeatureCache cache, Path home, String mountOptions) throws IOException {
    String feature = "metacopy(" + mountOptions + ")";
    Optional<FeatureCache.Entry> mc = cache.get(feature);
    if (mc.isPresent()) {
      return mc.get().supported();
    }
    boolean metacopy = doesMetacopy(home, mountOptions);
    log.debug("overlay test mount indicated that metacopy is {}being used", metacopy ? "" : "not ");
    cache.put(feature, metacopy, "");
    return metacopy;
  }

  /**
   * Overlay needs readdir to fill d_type, or whiteouts cannot be told from files; and it needs several lowers in
   * one mount, which kernels before 4.0 lack. Tests both in {@code home}, where layers will live.
   */
  static void supportsOverlay(Path home, String backingFs, int uid, int gid) throws IOException {
    Path dir = Files.createTempDirectory(home, "compat");
    Path merged = dir.resolve("merged");
    try {
      Files.writeString(dir.resolve("probe"), "");
      Map<String, Integer> types = Syscalls.direntTypes(dir);
      if (types.getOrDefault("probe", 0) == 0) {
        throw new Unsupported("'overlay' is not supported over " + backingFs
            + " without d_type support: backing file system is unsupported for this graph driver");
      }
      Files.delete(dir.resolve("probe"));
      for (String d : new String[] {"merged", "lower1", "lower2", "upper", "work"}) {
        Dirs.mkdirAs(dir.resolve(d), 0700, uid, gid);
      }
      String upper = ",upperdir=" + dir.resolve("upper") + ",workdir=" + dir.resolve("work");
      if (tryMount(merged, "lowerdir=" + dir.resolve("lower1") + ":" + dir.resolve("lower2") + upper)) {
        log.debug("overlay test mount with multiple lowers succeeded");
        return;
      }
      if (tryMount(merged, "lowerdir=" + dir.resolve("lower1") + upper)) {
        log.error("overlay test mount with multiple lowers failed, but succeeded with a single lower");
        throw new Unsupported("kernel too old to provide multiple lowers feature for overlay: "
            + "driver not supported");
      }
      log.error("'overlay' is not supported over {} at \"{}\"", backingFs, home);
      throw new Unsupported("'overlay' is not supported over " + backingFs + " at \"" + home
          + "\": backing file system is unsupported for this graph driver");
    } finally {
      Mounts.unmount(merged);
      Dirs.ensureRemoveAll(dir);
    }
  }

  private static boolean tryMount(Path merged, String data) {
    if (data.length() >= Syscalls.pageSize()) {
      return false;
    }
    try {
      Syscalls.mount("overlay", merged, "overlay", 0, data);
      Mounts.unmount(merged);
      return true;
    } catch (SyscallException e) {
      log.debug("overlay test mount failed: {}", e.getMessage());
      return false;
    }
  }

  /**
   * With metacopy, a chmod in the merged view copies up only metadata, so the upper's file is not a full copy and
   * a naive tar of the upper would lose data. A chmod in a test mount tells whether the kernel does that with the
   * configured mount options.
   */
  static boolean doesMetacopy(Path home, String mountOptions) throws IOException {
    Path td = Files.createTempDirectory(home, "metacopy-check");
    Path merged = td.resolve("merged");
    try {
      for (String d : new String[] {"l1", "l2", "work", "merged"}) {
        Files.createDirectory(td.resolve(d));
      }
      Files.write(td.resolve("l1/f"), new byte[] {(byte) 0xff});
      Syscalls.chmod(td.resolve("l1/f"), 0700);
      MountOptions.Parsed p = MountOptions.parse(mountOptions);
      String data = "lowerdir=" + td.resolve("l1") + ",upperdir=" + td.resolve("l2") + ",workdir="
          + td.resolve("work") + (p.data().isEmpty() ? "" : "," + p.data());
      try {
        Syscalls.mount("overlay", merged, "overlay", p.flags(), data);
      } catch (SyscallException e) {
        if (e.errno() == Errno.EINVAL) {
          log.info("overlay: metacopy option not supported on this kernel, checked using options \"{}\"",
              mountOptions);
          return false;
        }
        throw new IOException("failed to mount overlay for metacopy check with \"" + mountOptions
            + "\" options: " + e.getMessage(), e);
      }
      try {
        Syscalls.chmod(merged.resolve("f"), 0600);
      } finally {
        Mounts.unmount(merged, 0);
      }
      try {
        return Syscalls.lgetxattr(td.resolve("l2/f"), "trusted.overlay.metacopy").isPresent();
      } catch (SyscallException.NotSupported e) {
        return false;
      }
    } finally {
      Mounts.unmount(merged);
      Dirs.ensureRemoveAll(td);
    }
  }

  /**
   * Native diff reads the upper dir directly, which is only right if the kernel neither copies the opaque xattr up
   * (kernels before 4.8) nor records renamed dirs as redirects (CONFIG_OVERLAY_FS_REDIRECT_DIR). Returns the
   * reason native diff must not be used, or empty if it may.
   */
  static Optional<String> nativeDiffProblem(Path home, String mountOptions) throws IOException {
    Path td = Files.createTempDirectory(home, "opaque-bug-check");
    Path merged = td.resolve("merged");
    try {
      Files.createDirectories(td.resolve("l1/d"));
      Files.createDirectories(td.resolve("l1/d1"));
      Files.createDirectories(td.resolve("l2/d"));
      for (String d : new String[] {"l3", "work", "merged"}) {
        Files.createDirectory(td.resolve(d));
      }
      Syscalls.lsetxattr(td.resolve("l2/d"), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8), 0);
      MountOptions.Parsed p = MountOptions.parse(mountOptions);
      String data = "lowerdir=" + td.resolve("l2") + ":" + td.resolve("l1") + ",upperdir=" + td.resolve("l3")
          + ",workdir=" + td.resolve("work") + (p.data().isEmpty() ? "" : "," + p.data());
      try {
        Syscalls.mount("overlay", merged, "overlay", p.flags(), data);
      } catch (SyscallException e) {
        return Optional.of("failed to mount overlay: " + e.getMessage());
      }
      try {
        Files.write(merged.resolve("d/f"), new byte[0]);
        if (Syscalls.lgetxattr(td.resolve("l3/d"), "trusted.overlay.opaque")
            .map(v -> new String(v, StandardCharsets.UTF_8)).filter("y"::equals).isPresent()) {
          return Optional.of("opaque flag erroneously copied up, consider update to kernel 4.8 or later to fix");
        }
        try {
          Syscalls.rename(merged.resolve("d1"), merged.resolve("d2"), 0);
        } catch (SyscallException e) {
          if (e.errno() == Errno.EXDEV) {
            return Optional.empty(); // redirect_dir is off: renaming a lower dir is refused, not recorded
          }
          return Optional.of("failed to rename dir in merged directory: " + e.getMessage());
        }
        if (Syscalls.lgetxattr(td.resolve("l3/d2"), "trusted.overlay.redirect")
            .map(v -> new String(v, StandardCharsets.UTF_8)).filter("d1"::equals).isPresent()) {
          return Optional.of("kernel has CONFIG_OVERLAY_FS_REDIRECT_DIR enabled");
        }
        return Optional.empty();
      } finally {
        Mounts.unmount(merged, 0);
      }
    } finally {
      Mounts.unmount(merged);
      Dirs.ensureRemoveAll(td);
    }
  }

  /** True if diffs must be computed naively: a mount program, or the kernel's native diff is unusable (cached). */
  static boolean naiveDiffCached(FeatureCache cache, Path home, DriverOptions options) {
    if (options.hasMountProgram()) {
      return true;
    }
    String feature = "native-diff(" + options.mountOptions() + ")";
    try {
      Optional<FeatureCache.Entry> cached = cache.get(feature);
      if (cached.isPresent()) {
        if (!cached.get().supported()) {
          log.info(cached.get().text());
        }
        return !cached.get().supported();
      }
      Optional<String> problem = nativeDiffProblem(home, options.mountOptions());
      String text = problem.map(p -> "Not using native diff for overlay, this may cause degraded performance "
          + "for building images: " + p).orElse("");
      problem.ifPresent(p -> log.info(text));
      cache.put(feature, problem.isEmpty(), text);
      return problem.isPresent();
    } catch (IOException e) {
      log.info("Not using native diff for overlay: {}", e.getMessage());
      return true;
    }
  }
}
