package dev.ovl.driver;

import dev.ovl.natives.Mounts;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures the two ways of mounting with relative lowers (fd-based new mount API vs a helper process) on a
 * 128-deep chain, and a whole Get/Put cycle of the same chain. Run by hand: {@code mvn -pl core test-compile exec:java} is not wired; use
 * {@code java -cp ... dev.ovl.driver.LongMountMeasure}. Not a test: timings are not asserted.
 */
final class LongMountMeasure {
  public static void main(String[] args) throws Exception {
    int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    try (DriverFixture f = DriverFixture.create("measure-" + "x".repeat(60))) {
      OverlayDriver d = f.driver;
      List<String> ids = DriverChainTest.chain(d, 128);
      String top = ids.get(128);
      Path dir = f.home().resolve(top);
      LowerStack stack = LowerStack.build(d, top, dir, d.lowerEntries(dir, top));
      Path merged = dir.resolve("merged");
      java.nio.file.Files.createDirectories(merged);
      long t0 = System.nanoTime();
      for (int i = 0; i < cycles; i++) {
        LongMount.mount(f.home(), top, stack, true, List.of(), "", merged);
        Mounts.unmount(merged);
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < cycles; i++) {
        LongMount.helperMountForMeasure(f.home(), top, stack);
        Mounts.unmount(merged);
      }
      long t2 = System.nanoTime();
      long putNanos = 0;
      for (int i = 0; i < cycles; i++) {
        d.get(top, MountOpts.DEFAULT);
        long p0 = System.nanoTime();
        d.put(top);
        putNanos += System.nanoTime() - p0;
      }
      long t3 = System.nanoTime();
      for (int i = 0; i < cycles; i++) {
        LowerStack.build(d, top, dir, d.lowerEntries(dir, top));
      }
      long t4 = System.nanoTime();
      System.out.printf("128 lowers, %d cycles of mount+unmount: fd-based new mount API %.2f ms; helper process "
          + "%.2f ms; driver Get+Put %.2f ms (Put %.2f ms; building the lower stack alone %.2f ms)%n", cycles,
          (t1 - t0) / 1e6 / cycles, (t2 - t1) / 1e6 / cycles, (t3 - t2) / 1e6 / cycles, putNanos / 1e6 / cycles,
          (t4 - t3) / 1e6 / cycles);
    }
  }
}
