package io.github.squashtree.cli;

import io.github.squashtree.core.write.WriteListener;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.tar.ArchiveOptions;
import io.github.squashtree.tar.OciImport;
import io.github.squashtree.tar.TarImport;
import io.github.squashtree.tar.TreeEdit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A SOURCE of {@code sqfs mk} that is not a tree to walk: a tar archive (a file that is not a
 * SquashFS image, or {@code -} for stdin) or an OCI image layout ({@code DIR} or {@code DIR:REF}).
 */
final class ArchiveSource {
  private static final byte[] SQUASHFS_MAGIC = {'h', 's', 'q', 's'};

  private final String kind;
  private final Path path;
  private final String ref;

  private ArchiveSource(String kind, Path path, String ref) {
    this.kind = kind;
    this.path = path;
    this.ref = ref;
  }

  /** The archive {@code source} names, or null if it is a directory tree or an image. */
  static ArchiveSource of(String source) throws IOException {
    if (source.equals("-")) {
      return new ArchiveSource("tar", null, null);
    }
    Path p = Path.of(source);
    if (Files.isDirectory(p)) {
      return OciImport.isLayout(p) ? new ArchiveSource("oci", p, null) : null;
    }
    if (Files.isRegularFile(p)) {
      byte[] head = new byte[4];
      try (InputStream in = Files.newInputStream(p)) {
        int n = in.readNBytes(head, 0, 4);
        return n == 4 && Arrays.equals(head, SQUASHFS_MAGIC)
            ? null
            : new ArchiveSource("tar", p, null);
      }
    }
    int colon = source.lastIndexOf(':');
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) && colon > 0) {
      Path dir = Path.of(source.substring(0, colon));
      if (OciImport.isLayout(dir)) {
        return new ArchiveSource("oci", dir, source.substring(colon + 1));
      }
    }
    return null;
  }

  /** Writes the image; a tar archive as {@code archive} says (plain or an OCI layer). */
  WriteResult write(
      Path image,
      WriterOptions options,
      ArchiveOptions archive,
      WriteListener listener,
      TreeEdit edit)
      throws IOException {
    if (kind.equals("oci")) {
      return OciImport.write(path, ref, image, options, listener, edit);
    }
    try (InputStream in = path == null ? System.in : Files.newInputStream(path)) {
      return TarImport.write(in, image, options, archive, listener, edit);
    }
  }

  /** What errors are about: the archive's path, "stdin", or the layout with its reference. */
  String subject() {
    if (path == null) {
      return "stdin";
    }
    return ref == null ? path.toString() : path + ":" + ref;
  }
}
