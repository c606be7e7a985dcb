package dev.ovl.driver;

import dev.ovl.natives.FsDiskQuota;
import dev.ovl.natives.FsXattr;
import dev.ovl.natives.SyscallException;
import dev.ovl.natives.Syscalls;
import dev.ovl.natives.XfsQuota;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XFS project quota on layer dirs, as containers/storage's quota.Control: each sized layer dir gets its own project
 * id (inherited by everything created below it) and a block limit set with quotactl on a block device node
 * {@code backingFsBlockDev} that mirrors the home's device. Project ids start above the home's own id, or, for a
 * home without one, in a range of {@value #IDS_PER_HOME} ids derived from the home's inode.
 */
final class ProjectQuota {
  private static final Logger log = LoggerFactory.getLogger(ProjectQuota.class);
  static final long IDS_PER_HOME = 10_000;
  static final String BACKING_DEV = "backingFsBlockDev";
  private static final long MAX_UINT32 = 0xFFFF_FFFFL;

  private final Path backingDev;
  private final Map<Path, Long> quotas;
  private long nextId;

  private ProjectQuota(Path backingDev, long nextId, Map<Path, Long> quotas) {
    this.backingDev = backingDev;
    this.nextId = nextId;
    this.quotas = quotas;
  }

  /**
   * NewControl: finds the first project id, makes the device node, proves quotactl works by setting an empty limit
   * on that id, then skips the ids the home's layer dirs already use. Throws if the filesystem has no project quota.
   */
  static ProjectQuota open(Path home) throws IOException {
    long min = projectId(home);
    if (min == 0) {
      min = uniqueProjectId(inode(home));
    }
    Path dev = makeBackingDev(home);
    setLimit(dev, min, 0);
    Map<Path, Long> quotas = new HashMap<>();
    long next = nextFreeId(home, min + 1, quotas);
    log.debug("NewControl({}): nextProjectID = {}", home, next);
    return new ProjectQuota(dev, next, quotas);
  }

  /** The reference's generateUniqueProjectID: 10000 + (inode * 10000 mod (2^32 - 1 - 10000)), in uint64. */
  static long uniqueProjectId(long inode) {
    return IDS_PER_HOME + Long.remainderUnsigned(inode * IDS_PER_HOME, MAX_UINT32 - IDS_PER_HOME);
  }

  /**
   * findNextProjectID: every directory in the home that has a project id is remembered as that id's owner, and the
   * next id handed out is above all of them (and at least {@code start}).
   */
  static long nextFreeId(Path home, long start, Map<Path, Long> owners) throws IOException {
    long next = start;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(home)) {
      for (Path p : ds) {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        long id = projectId(p);
        if (id > 0) {
          owners.put(p, id);
        }
        if (next <= id) {
          next = id + 1;
        }
      }
    } catch (SyscallException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException("read directory failed : " + home, e);
    }
    return next;
  }

  /**
   * SetQuota: gives {@code dir} the next project id (once) and sets its block limit to {@code bytes}. The dir's
   * subdirectories get the id too: ovl builds a layer in staging and renames it into place (XFS refuses to rename
   * across project ids), so diff/, work/ and merged/ exist before the id is set, unlike in the reference.
   */
  synchronized void setQuota(Path dir, long bytes) throws IOException {
    Long id = quotas.get(dir);
    if (id == null) {
      id = nextId;
      assignProjectId(dir, id);
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path child : ds) {
          if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
            assignProjectId(child, id);
          }
        }
      }
      quotas.put(dir, id);
      nextId++;
    }
    log.debug("SetQuota path={}, size={}, inodes=0, projectID={}", dir, bytes, id);
    setLimit(backingDev, id, bytes);
  }

  /** The hard block limit in bytes set for {@code dir}, read back with quotactl. */
  synchronized long quota(Path dir) throws IOException {
    Long id = quotas.get(dir);
    if (id == null) {
      throw new IOException("quota not found for path : " + dir);
    }
    try {
      return XfsQuota.xfsGetProjectQuota(backingDev, id.intValue()).hardLimitBytes();
    } catch (SyscallException e) {
      throw new IOException("failed to get quota limit for projid " + id + " on " + backingDev + ": "
          + e.errnoText(), e);
    }
  }

  synchronized long nextId() {
    return nextId;
  }

  Path backingDev() {
    return backingDev;
  }

  /** The project id of {@code dir} (FS_IOC_FSGETXATTR), unsigned. */
  static long projectId(Path dir) throws IOException {
    try {
      return Integer.toUnsignedLong(XfsQuota.fsGetXattr(dir).projid());
    } catch (SyscallException e) {
      throw new IOException("failed to get projid for " + dir + ": " + e.errnoText(), e);
    }
  }

  /** setProjectID: sets the id and PROJINHERIT on {@code dir}, keeping its other attributes. */
  static void assignProjectId(Path dir, long id) throws IOException {
    FsXattr attr;
    try {
      attr = XfsQuota.fsGetXattr(dir);
    } catch (SyscallException e) {
      throw new IOException("failed to get projid for " + dir + ": " + e.errnoText(), e);
    }
    try {
      XfsQuota.fsSetXattr(dir, attr.withProject((int) id));
    } catch (SyscallException e) {
      throw new IOException("failed to set projid for " + dir + ": " + e.errnoText(), e);
    }
  }

  private static void setLimit(Path dev, long id, long bytes) throws IOException {
    try {
      XfsQuota.xfsSetProjectQuota(dev, FsDiskQuota.projectLimits((int) id, bytes, 0));
    } catch (SyscallException e) {
      throw new IOException("failed to set quota limit for projid " + id + " on " + dev + ": " + e.errnoText(), e);
    }
  }

  /** A block device node for the home's device, replaced each time in case the home moved to another disk. */
  private static Path makeBackingDev(Path home) throws IOException {
    long dev = (Long) Files.getAttribute(home, "unix:dev");
    Path node = home.resolve(BACKING_DEV);
    Path tmp = home.resolve(BACKING_DEV + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Syscalls.mknod(tmp, Syscalls.S_IFBLK | 0600, dev);
    } catch (SyscallException e) {
      throw new IOException("failed to mknod " + tmp + ": " + e.errnoText(), e);
    }
    try {
      Files.move(tmp, node, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("failed to rename " + tmp + " to " + node + ": " + e.getMessage(), e);
    }
    return node;
  }

  private static long inode(Path p) throws IOException {
    return (Long) Files.getAttribute(p, "unix:ino");
  }

  /** On XFS, the project quota control if the filesystem has one (else null); {@code size} needs one. */
  static ProjectQuota forHome(Path home, long magic, String backingFs, long size) throws IOException {
    if ((magic & 0xFFFF_FFFFL) != FsMagic.XFS) {
      if (size > 0) {
        throw new IllegalArgumentException(
            "Storage option overlay.size only supported for backingFS XFS. Found " + backingFs);
      }
      return null;
    }
    try {
      return open(home);
    } catch (IOException e) {
      if (size > 0) {
        throw new IllegalArgumentException(
            "Storage option overlay.size not supported. Filesystem does not support Project Quota: "
                + e.getMessage(), e);
      }
      log.debug("no project quota on {}: {}", home, e.getMessage());
      return null;
    }
  }
}
