package dev.ovl.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The repair journal: one JSON object per line for every applied step (what, where, old and new contents, and
 * how it went), appended and synced before the next step starts.
 */
public final class Journal implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final FileChannel ch;

  private Journal(Path file, FileChannel ch) {
    this.file = file;
    this.ch = ch;
  }

  /** Opens {@code file} for appending, creating it (0600) if needed. */
  public static Journal open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    return new Journal(file, ch);
  }

  /** The default journal of a store: {@code ROOT/ovl-repair.journal}. */
  public static Path defaultPath(Path root) {
    return root.resolve("ovl-repair.journal");
  }

  public Path file() {
    return file;
  }

  /** Appends one entry for {@code step} with its {@code result} ("applied", "failed: ...") and any backup. */
  void record(RepairStep step, String result, Path backup) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("time", Instant.now().toString());
    n.put("action", step.action().name());
    n.put("path", step.path());
    if (!step.id().isEmpty()) {
      n.put("id", step.id());
    }
    n.put("old", step.oldContent());
    n.put("new", step.newContent());
    n.put("description", step.description());
    n.put("result", result);
    if (backup != null) {
      n.put("backup", backup.toString());
    }
    ByteBuffer b = ByteBuffer.wrap((JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      ch.write(b);
    }
    ch.force(true);
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
