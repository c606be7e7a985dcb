package dev.ovl.testing;

import dev.ovl.natives.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small filesystem image (ext4 or xfs) loop-mounted inside a Scratch; closing unmounts it. */
public final class LoopFs implements AutoCloseable {
  private final Path mountPoint;

  private LoopFs(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Makes a {@code megabytes} MiB {@code type} image in {@code scratch} and mounts it at {@code scratch/mnt}. */
  public static LoopFs create(Scratch scratch, String type, int megabytes) throws IOException, InterruptedException {
    return create(scratch, type, megabytes, List.of());
  }

  /** As {@link #create(Scratch, String, int)}, with extra mkfs options (such as XFS's {@code -m reflink=0}). */
  public static LoopFs create(Scratch scratch, String type, int megabytes, List<String> mkfsOptions)
      throws IOException, InterruptedException {
    Path img = scratch.resolve(type + ".img");
    try (var f = new java.io.RandomAccessFile(img.toFile(), "rw")) {
      f.setLength(megabytes * 1024L * 1024L);
    }
    Path mnt = Files.createDirectories(scratch.resolve("mnt-" + type));
    List<String> mkfs = new java.util.ArrayList<>(type.equals("xfs") ? List.of("mkfs.xfs", "-q", "-f")
        : List.of("mkfs." + type, "-q", "-F"));
    mkfs.addAll(mkfsOptions);
    mkfs.add(img.toString());
    run(mkfs);
    run(List.of("mount", "-o", "loop", img.toString(), mnt.toString()));
    return new LoopFs(mnt);
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
    }
  }

  public Path path() {
    return mountPoint;
  }

  /** Fills the filesystem to the last block with one file. */
  public void fill() throws IOException {
    Path filler = mountPoint.resolve("filler");
    byte[] chunk = new byte[1 << 16];
    try (var out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    // also use up the inodes' last blocks with small files
    for (int i = 0; ; i++) {
      try {
        Files.writeString(mountPoint.resolve("f" + i), "x");
      } catch (IOException e) {
        break;
      }
      if (i > 100000) {
        break;
      }
    }
  }

  /** Gives back about {@code bytes} of the space {@link #fill} took, by shortening the filler. */
  public void free(long bytes) throws IOException {
    Path filler = mountPoint.resolve("filler");
    try (var ch = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(Math.max(0, ch.size() - bytes));
    }
  }

  @Override
  public void close() throws IOException {
    Mounts.unmountAllUnder(mountPoint);
  }
}
