package dev.ovl.driver;

import dev.ovl.idtools.IdMap;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.MountOptions;
import dev.ovl.natives.Mounts;
import dev.ovl.natives.SyscallException;
import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Get and Put: builds a layer's lower stack and mount data, mounts it once, and counts its users. */
final class LayerMounter {
  private static final Logger log = LoggerFactory.getLogger(LayerMounter.class);

  private final OverlayDriver d;
  private final RefCounter ctr;

  LayerMounter(OverlayDriver d) {
    this.d = d;
    this.ctr = new RefCounter(d.options().hasMountProgram() ? FsMagic.FUSE : FsMagic.OVERLAY);
  }

  int count(Path merged) {
    return ctr.get(merged);
  }

  boolean isMounted(Path merged) {
    return ctr.isMounted(merged);
  }

  Path get(String id, MountOpts opts, boolean disableShifting) throws IOException {
    Path dir = d.existingDir(id);
    List<String> optsList = mountOptions(opts);
    boolean readWrite = !optsList.contains("ro");
    List<String> entries = d.lowerEntries(dir, id);
    if (entries.size() > OverlayDriver.MAX_DEPTH) {
      throw new IOException("max depth exceeded: layer " + id + " has " + entries.size() + " lowers, at most "
          + OverlayDriver.MAX_DEPTH + " can be mounted");
    }
    LowerStack stack = LowerStack.build(d, id, dir, entries);
    int uid = d.mappings().rootUid();
    int gid = d.mappings().rootGid();
    Path diff = dir.resolve("diff");
    Dirs.mkdirAllAs(diff, stack.perms(), uid, gid);
    Path merged = dir.resolve("merged");
    if (!Files.isDirectory(merged)) {
      Dirs.mkdirAs(merged, 0700, uid, gid);
    }
    if (ctr.increment(merged) > 1) {
      return merged;
    }
    try {
      mount(id, dir, stack, optsList, readWrite, opts, disableShifting);
    } catch (IOException | RuntimeException e) {
      if (ctr.decrement(merged) <= 0) {
        Mounts.unmount(merged, 0);
      }
      throw e;
    }
    return merged;
  }

  /** The options for this mount: the caller's, else the driver's mountopt; metacopy=on kept as the kernel needs. */
  private List<String> mountOptions(MountOpts opts) {
    List<String> configured = d.options().mountOptionList();
    if (opts.options().isEmpty()) {
      return configured;
    }
    List<String> list = new ArrayList<>(opts.options());
    if (configured.contains("metacopy=on") && !list.contains("metacopy=on")) {
      if (d.usingMetacopy()) {
        list.add("metacopy=on");
      } else {
        log.warn("ignoring metacopy option from storage.conf, not supported with booted kernel");
      }
    }
    return list;
  }

  private void mount(String id, Path dir, LowerStack stack, List<String> optsList, boolean readWrite,
      MountOpts opts, boolean disableShifting) throws IOException {
    Path diff = dir.resolve("diff");
    Path merged = dir.resolve("merged");
    String lowers = String.join(":", stack.absolute());
    String layers = readWrite
        ? "lowerdir=" + lowers + ",upperdir=" + diff + ",workdir=" + dir.resolve("work")
        : "lowerdir=" + diff + ":" + lowers;
    List<String> all = new ArrayList<>(optsList);
    all.add(layers);
    if (!opts.mountLabel().isEmpty()) {
      all.add("context=\"" + opts.mountLabel() + "\"");
    }
    String mountData = String.join(",", all);
    if (d.options().hasMountProgram()) {
      runMountProgram(mountData, merged, opts, disableShifting);
      return;
    }
    MountOptions.Parsed parsed = MountOptions.parse(mountData);
    log.debug("overlay: mount_data={}", mountData);
    try {
      if (mountData.length() <= Syscalls.pageSize()) {
        Syscalls.mount("overlay", merged, "overlay", parsed.flags(), parsed.data());
      } else {
        LongMount.mount(d.home(), id, stack, readWrite, optsList, opts.mountLabel(), merged);
      }
    } catch (SyscallException e) {
      throw new IOException("error creating overlay mount to " + merged + ": " + e.getMessage(), e);
    }
  }

  private void runMountProgram(String data, Path merged, MountOpts opts, boolean disableShifting)
      throws IOException {
    if (!disableShifting) {
      data = appendMappings(data, opts.mappings() == null ? d.mappings() : opts.mappings());
    }
    String program = d.options().mountProgram();
    Process p = new ProcessBuilder(program, "-o", data, merged.toString())
        .directory(d.home().toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int rc;
    try {
      rc = p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while running " + program);
    }
    if (rc != 0) {
      throw new IOException("error creating overlay mount to " + merged + ": using mount program " + program + ": "
          + (err.isEmpty() ? "<stderr empty>" : err.replace('\n', ' ')) + ": exit status " + rc);
    }
  }

  /** The reference's optsAppendMappings: squash_to_uid/gid for a one-ID map, else uidmapping/gidmapping. */
  static String appendMappings(String data, IdMappings maps) {
    if (maps.uids().isEmpty()) {
      return data;
    }
    return data + "," + mappingOption("uid", maps.uids()) + "," + mappingOption("gid", maps.gids());
  }

  private static String mappingOption(String kind, List<IdMap> maps) {
    if (maps.size() == 1 && maps.get(0).size() == 1) {
      return "squash_to_" + kind + "=" + maps.get(0).hostId();
    }
    return kind + "mapping=" + maps.stream()
        .map(m -> m.containerId() + ":" + m.hostId() + ":" + m.size()).collect(Collectors.joining(":"));
  }

  void put(String id) throws IOException {
    Path merged = d.existingDir(id).resolve("merged");
    if (ctr.decrement(merged) > 0) {
      return;
    }
    unmount(merged);
  }

  /** Unmounts the layer whatever this driver counts, and forgets its users. */
  void release(String id) throws IOException {
    Path merged = d.existingDir(id).resolve("merged");
    ctr.reset(merged);
    unmount(merged);
  }

  private void unmount(Path merged) throws IOException {
    boolean unmounted = false;
    if (d.options().hasMountProgram()) {
      unmounted = fusermount(merged);
      if (!unmounted) {
        try {
          Syscalls.syncfs(merged);
        } catch (SyscallException e) {
          log.debug("syncfs({}): {}", merged, e.getMessage());
        }
      }
    }
    if (!unmounted) {
      try {
        Mounts.unmount(merged);
      } catch (SyscallException.NotFound e) {
        // already gone
      }
    }
    try {
      Files.deleteIfExists(merged);
    } catch (IOException e) {
      log.debug("Failed to remove mountpoint {} overlay: {}", merged, e.getMessage());
    }
  }

  private static boolean fusermount(Path merged) {
    for (String tool : List.of("fusermount3", "fusermount")) {
      try {
        Process p = new ProcessBuilder(tool, "-u", merged.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() == 0) {
          return true;
        }
      } catch (IOException e) {
        log.debug("{} not usable: {}", tool, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
