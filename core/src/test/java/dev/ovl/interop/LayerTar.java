package dev.ovl.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Writes a layer tar the way image builders do: plain entries plus AUFS whiteouts ({@code .wh.NAME}, opaque). */
public final class LayerTar implements AutoCloseable {
  private static final long MTIME = 1_700_000_000_000L;
  private final TarArchiveOutputStream out;

  private LayerTar(OutputStream os) {
    out = new TarArchiveOutputStream(os, StandardCharsets.UTF_8.name());
    out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  /** A tar written to {@code file}. */
  public static LayerTar create(Path file) throws IOException {
    return new LayerTar(Files.newOutputStream(file));
  }

  public LayerTar dir(String name, int mode, int uid, int gid) throws IOException {
    return put(entry(name + "/", TarConstants.LF_DIR, mode, uid, gid), null);
  }

  public LayerTar file(String name, int mode, int uid, int gid, byte[] data) throws IOException {
    TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, mode, uid, gid);
    e.setSize(data.length);
    return put(e, data);
  }

  public LayerTar file(String name, String text) throws IOException {
    return file(name, 0644, 0, 0, text.getBytes(StandardCharsets.UTF_8));
  }

  public LayerTar symlink(String name, String target) throws IOException {
    TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777, 0, 0);
    e.setLinkName(target);
    return put(e, null);
  }

  /** A hard link; as in real tars it repeats the target's mode and owner (extractors apply them again). */
  public LayerTar hardlink(String name, String target, int mode, int uid, int gid) throws IOException {
    TarArchiveEntry e = entry(name, TarConstants.LF_LINK, mode, uid, gid);
    e.setLinkName(target);
    return put(e, null);
  }

  public LayerTar fifo(String name, int mode) throws IOException {
    return put(entry(name, TarConstants.LF_FIFO, mode, 0, 0), null);
  }

  public LayerTar charDevice(String name, int mode, int major, int minor) throws IOException {
    TarArchiveEntry e = entry(name, TarConstants.LF_CHR, mode, 0, 0);
    e.setDevMajor(major);
    e.setDevMinor(minor);
    return put(e, null);
  }

  /** An AUFS whiteout: {@code NAME} (a file or a whole dir) of the lower layers is deleted. */
  public LayerTar whiteout(String name) throws IOException {
    int slash = name.lastIndexOf('/');
    return file(name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1), 0644, 0, 0, new byte[0]);
  }

  /** An AUFS opaque marker: the lower layers' contents of {@code dir} are hidden. */
  public LayerTar opaque(String dir) throws IOException {
    return file(dir + "/.wh..wh..opq", 0644, 0, 0, new byte[0]);
  }

  private static TarArchiveEntry entry(String name, byte type, int mode, int uid, int gid) {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setMode(mode);
    e.setUserId(uid);
    e.setGroupId(gid);
    e.setModTime(MTIME);
    return e;
  }

  private LayerTar put(TarArchiveEntry e, byte[] data) throws IOException {
    out.putArchiveEntry(e);
    if (data != null) {
      out.write(data);
    }
    out.closeArchiveEntry();
    return this;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
