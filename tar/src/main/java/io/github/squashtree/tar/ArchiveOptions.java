package io.github.squashtree.tar;

import io.github.squashtree.overlay.OverlayNamespace;
import io.github.squashtree.overlay.WhiteoutStyle;
import java.util.Objects;

/**
 * How an archive's deletions are read and written: plain tar (every name is a name), or an OCI
 * layer, whose {@code .wh.NAME} members delete NAME from the layers below and whose {@code
 * .wh..wh..opq} member makes its directory opaque. In an image, a layer holds them as overlayfs
 * does: whiteouts of {@code whiteouts}' style, opaque marks in {@code namespace}.
 *
 * @param ociWhiteouts whether {@code .wh.} names are OCI whiteouts
 * @param whiteouts how an image layer holds a whiteout
 * @param namespace where an image layer keeps its opaque marks: {@code trusted.overlay.*} or, for
 *     overlays mounted with {@code userxattr}, {@code user.overlay.*}
 */
public record ArchiveOptions(
    boolean ociWhiteouts, WhiteoutStyle whiteouts, OverlayNamespace namespace) {
  public ArchiveOptions {
    Objects.requireNonNull(whiteouts, "whiteouts");
    Objects.requireNonNull(namespace, "namespace");
  }

  /** Plain tar: {@code .wh.} names are names. */
  public static ArchiveOptions plain() {
    return new ArchiveOptions(false, WhiteoutStyle.CHAR_DEVICE, OverlayNamespace.TRUSTED);
  }

  /** OCI layers, their whiteouts as 0/0 character devices and marks in {@code trusted.}. */
  public static ArchiveOptions oci() {
    return new ArchiveOptions(true, WhiteoutStyle.CHAR_DEVICE, OverlayNamespace.TRUSTED);
  }

  public ArchiveOptions withWhiteouts(WhiteoutStyle style) {
    return new ArchiveOptions(ociWhiteouts, style, namespace);
  }

  public ArchiveOptions withNamespace(OverlayNamespace ns) {
    return new ArchiveOptions(ociWhiteouts, whiteouts, ns);
  }
}
