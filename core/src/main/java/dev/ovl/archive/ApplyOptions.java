package dev.ovl.archive;

import dev.ovl.idtools.IdMappings;

/**
 * How a layer tar is applied. {@code forceMask} (or null) replaces every mode and keeps the real owner and mode in
 * {@code user.containers.override_stat}; {@code layerMode} applies AUFS whiteouts by deleting, as onto a mounted
 * layer (the naive path), instead of storing them in {@code whiteouts} format.
 */
public record ApplyOptions(
    IdMappings mappings, WhiteoutFormat whiteouts, boolean ignoreChownErrors, Integer forceMask, boolean layerMode) {
  public ApplyOptions {
    mappings = mappings == null ? IdMappings.IDENTITY : mappings;
    whiteouts = whiteouts == null ? WhiteoutFormat.OVERLAY : whiteouts;
  }

  /** Overlay whiteouts, no maps, no force mask. */
  public static ApplyOptions overlay() {
    return new ApplyOptions(IdMappings.IDENTITY, WhiteoutFormat.OVERLAY, false, null, false);
  }

  public ApplyOptions withMappings(IdMappings m) {
    return new ApplyOptions(m, whiteouts, ignoreChownErrors, forceMask, layerMode);
  }

  public ApplyOptions withWhiteouts(WhiteoutFormat w) {
    return new ApplyOptions(mappings, w, ignoreChownErrors, forceMask, layerMode);
  }

  public ApplyOptions withForceMask(Integer mask, boolean ignoreChown) {
    return new ApplyOptions(mappings, whiteouts, ignoreChown, mask, layerMode);
  }

  /** The same options applying whiteouts by deletion onto a mounted layer. */
  public ApplyOptions asLayer() {
    return new ApplyOptions(mappings, whiteouts, ignoreChownErrors, forceMask, true);
  }
}
