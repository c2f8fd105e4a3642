package io.github.squashtree.cli;

import io.github.squashtree.overlay.OverlayNamespace;
import io.github.squashtree.overlay.WhiteoutStyle;
import io.github.squashtree.tar.ArchiveOptions;
import picocli.CommandLine.Option;

/** The options of commands that read or write tar archives: OCI whiteouts and their form. */
final class ArchiveOptionsMixin {
  @Option(
      names = "--oci-whiteouts",
      description =
          "The archive is an OCI layer: .wh.NAME deletes NAME, .wh..wh..opq makes its directory"
              + " opaque (as overlay whiteouts and opaque marks in the image).")
  boolean ociWhiteouts;

  @Option(
      names = "--userxattr",
      description = "Opaque marks are user.overlay.* (mount option userxattr), not trusted.")
  boolean userXattrs;

  /** The options asked for, whiteouts of {@code style} ("char" or "xattr") in an image. */
  ArchiveOptions options(String style) throws Main.UsageException {
    WhiteoutStyle whiteouts;
    try {
      whiteouts = WhiteoutStyle.fromLabel(style);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException("--whiteouts: " + e.getMessage());
    }
    return new ArchiveOptions(
        ociWhiteouts, whiteouts, userXattrs ? OverlayNamespace.USER : OverlayNamespace.TRUSTED);
  }
}
