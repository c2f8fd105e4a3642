package io.github.squashtree.overlay;

import java.util.Objects;

/**
 * How a delta layer or an upper directory is planned.
 *
 * @param compare how entries are compared with the layers below (checksum or quick check)
 * @param whiteouts how deletions are recorded
 * @param namespace where overlayfs's own attributes go ({@code overlay.opaque}): {@link
 *     OverlayNamespace#TRUSTED} for a normal mount, {@link OverlayNamespace#USER} for one with
 *     {@code userxattr}. The kernel shows the other namespace's attributes as ordinary ones, so a
 *     layer is made for one kind of mount.
 */
public record LayerOptions(
    CompareOptions compare, WhiteoutStyle whiteouts, OverlayNamespace namespace) {
  public LayerOptions {
    Objects.requireNonNull(compare, "compare");
    Objects.requireNonNull(whiteouts, "whiteouts");
    Objects.requireNonNull(namespace, "namespace");
  }

  /** Quick check, character-device whiteouts, {@code trusted.overlay.*}. */
  public static LayerOptions defaults() {
    return new LayerOptions(
        CompareOptions.defaults(), WhiteoutStyle.CHAR_DEVICE, OverlayNamespace.TRUSTED);
  }

  public LayerOptions withCompare(CompareOptions c) {
    return new LayerOptions(c, whiteouts, namespace);
  }

  public LayerOptions withChecksum(boolean on) {
    return withCompare(compare.withChecksum(on));
  }

  public LayerOptions withWhiteouts(WhiteoutStyle style) {
    return new LayerOptions(compare, style, namespace);
  }

  public LayerOptions withNamespace(OverlayNamespace ns) {
    return new LayerOptions(compare, whiteouts, ns);
  }
}
