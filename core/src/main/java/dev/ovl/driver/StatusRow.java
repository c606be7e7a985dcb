package dev.ovl.driver;

/** One row of the driver's Status, such as ("Backing Filesystem", "extfs"). */
public record StatusRow(String key, String value) {}
