package dev.ovl.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.application.Platform;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** An Error while the inspector starts ends it with a one-line message and a non-zero exit, never a hang. */
class StartFailureTest {
  @Test
  void errorThrownByStartExits() throws Exception {
    FxToolkit.registerPrimaryStage();
    String err = stderrOf(() -> assertThat(Launcher.run(new String[0], (stage, args, exit) -> {
      throw new NoClassDefFoundError("dev/ovl/work/Cancel");
    })).isEqualTo(1));
    assertThat(err.lines()).containsExactly("ovl gui: cannot start: NoClassDefFoundError: dev/ovl/work/Cancel");
  }

  @Test
  void errorInALaterFxRunnableExits() throws Exception {
    FxToolkit.registerPrimaryStage();
    String err = stderrOf(() -> assertThat(Launcher.run(new String[0], (stage, args, exit) -> {
      Platform.runLater(() -> {
        throw new ExceptionInInitializerError("theme failed to load");
      });
      return null;
    })).isEqualTo(1));
    assertThat(err.lines()).containsExactly("ovl gui: cannot start: ExceptionInInitializerError: theme failed to load");
  }

  /** The real case: the inspector's jar without ovl-core on the class path, in a child JVM. */
  @Test
  void missingCoreClassesExitNonZeroWithOneLine() throws Exception {
    String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("/core/target/") && !e.contains("ovl-core"))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", cp, "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dheadless.geometry=1920x1200-32",
        "-Dprism.order=sw", "-Dprism.text=t2k", "-Djava.awt.headless=true", "dev.ovl.gui.Launcher", "--root", "/nonexistent"));
    Path errFile = Files.createTempFile("ovl-gui-start", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(errFile.toFile()).start();
    String err;
    try {
      Assertions.assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the inspector hung");
    } finally {
      p.destroyForcibly().waitFor();
      err = Files.readString(errFile);
      Files.delete(errFile);
    }
    List<String> lines = err.lines()
        .filter(l -> !l.contains("Unsupported JavaFX configuration") && !l.contains("PlatformImpl startup"))
        .toList();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(lines).singleElement().asString().startsWith("ovl gui: cannot start: NoClassDefFoundError: dev/ovl/");
  }

  /** A screenshot waits for the store to open; when it cannot, the run ends with the reason instead of waiting. */
  @Test
  void screenshotOfAStoreThatCannotOpenExits() throws Exception {
    dev.ovl.testing.Root.require();
    FxToolkit.registerPrimaryStage(); // the toolkit outlives this run, as the other tests need it
    try (dev.ovl.testing.Scratch s = dev.ovl.testing.Scratch.create("shot-fail")) {
      Path missing = s.resolve("no-such-root");
      Path png = s.resolve("shot.png");
      String err = stderrOf(() -> assertThat(Launcher.run(new String[] {"--root", missing.toString(), "--runroot",
          s.resolve("run").toString(), "--screenshot", png.toString()})).isEqualTo(1));
      assertThat(err.lines().filter(l -> l.startsWith("ovl gui: ")))
          .containsExactly("ovl gui: Opening " + missing + " failed: " + missing + ": statfs: No such file or directory"
              + " (ENOENT)");
      assertThat(png).doesNotExist();
      assertThat(missing).as("nothing made in its place").doesNotExist();
    }
  }

  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), r::run, "the inspector hung");
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
