package dev.ovl.driver;

import java.util.List;

/**
 * What recreateSymlinks did: the {@code l/} links it created, the {@code link} files it rebuilt from {@code l/},
 * and what it could not fix (for {@code ovl check} and {@code ovl repair} to handle).
 */
public record LinkReport(List<String> createdLinks, List<String> rebuiltLinkFiles, List<String> problems) {
  public LinkReport {
    createdLinks = List.copyOf(createdLinks);
    rebuiltLinkFiles = List.copyOf(rebuiltLinkFiles);
    problems = List.copyOf(problems);
  }

  public boolean changedAnything() {
    return !createdLinks.isEmpty() || !rebuiltLinkFiles.isEmpty();
  }
}
