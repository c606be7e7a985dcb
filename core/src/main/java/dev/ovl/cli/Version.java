package dev.ovl.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code ovl --version}: the jar's Implementation-Version. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Version.class.getPackage().getImplementationVersion();
    return new String[] {"ovl " + (v == null ? "(development build)" : v)};
  }
}
