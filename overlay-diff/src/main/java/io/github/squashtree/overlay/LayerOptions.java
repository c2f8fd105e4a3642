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
  /**
   * Checks that nothing is null.
   *
   * @param compare how entries are compared with the layers below (checksum or quick check)
   * @param whiteouts how deletions are recorded
   * @param namespace where overlayfs's own attributes go ({@code overlay.opaque}): {@link
   *     OverlayNamespace#TRUSTED} for a normal mount, {@link OverlayNamespace#USER} for one with
   *     {@code userxattr}. The kernel shows the other namespace's attributes as ordinary ones, so a
   *     layer is made for one kind of mount.
   */
  public LayerOptions {
    Objects.requireNonNull(compare, "compare");
    Objects.requireNonNull(whiteouts, "whiteouts");
    Objects.requireNonNull(namespace, "namespace");
  }

  /**
   * Quick check, character-device whiteouts, {@code trusted.overlay.*}.
   *
   * @return the default options
   */
  public static LayerOptions defaults() {
    return new LayerOptions(
        CompareOptions.defaults(), WhiteoutStyle.CHAR_DEVICE, OverlayNamespace.TRUSTED);
  }

  /**
   * These options with another comparison.
   *
   * @param c how entries are compared
   * @return the new options
   */
  public LayerOptions withCompare(CompareOptions c) {
    return new LayerOptions(c, whiteouts, namespace);
  }

  /**
   * These options with or without byte-by-byte comparison.
   *
   * @param on whether file contents are compared byte by byte
   * @return the new options
   */
  public LayerOptions withChecksum(boolean on) {
    return withCompare(compare.withChecksum(on));
  }

  /**
   * These options with another whiteout style.
   *
   * @param style how deletions are recorded
   * @return the new options
   */
  public LayerOptions withWhiteouts(WhiteoutStyle style) {
    return new LayerOptions(compare, style, namespace);
  }

  /**
   * These options with overlayfs's attributes in another namespace.
   *
   * @param ns the namespace of {@code overlay.*} attributes
   * @return the new options
   */
  public LayerOptions withNamespace(OverlayNamespace ns) {
    return new LayerOptions(compare, whiteouts, ns);
  }
}
