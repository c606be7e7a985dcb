package dev.ovl.interop;

import dev.ovl.driver.MountOpts;
import dev.ovl.driver.OverlayDriver;
import java.io.IOException;
import java.util.SortedMap;

/** The merged view of one layer as each side mounts it; every mount is undone before returning. */
public final class Views {
  private Views() {}

  public static SortedMap<String, String> ovl(OverlayDriver d, String id) throws IOException {
    return ovl(d, id, MountOpts.DEFAULT);
  }

  public static SortedMap<String, String> ovl(OverlayDriver d, String id, MountOpts opts) throws IOException {
    java.nio.file.Path merged = d.get(id, opts);
    try {
      return MergedView.of(merged);
    } finally {
      d.put(id);
    }
  }

  public static SortedMap<String, String> go(GoStorage go, String id) throws IOException {
    java.nio.file.Path merged = go.mount(id);
    try {
      return MergedView.of(merged);
    } finally {
      go.unmountQuietly(id);
    }
  }
}
