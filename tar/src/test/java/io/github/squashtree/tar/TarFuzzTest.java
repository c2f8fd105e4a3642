package io.github.squashtree.tar;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.write.WriterOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * Fuzzes the tar reader with whole archives (plain or compressed; seeds from GNU tar, bsdtar and
 * hand-made OCI layers in {@code TarFuzzTestInputs/<target>/}).
 *
 * <ul>
 *   <li>{@code readMembers}: every member, its name and link checked as paths, its content read (at
 *       most 64 MiB in all);
 *   <li>{@code importArchive}: the whole import into an image (as an OCI layer when the input's
 *       length is odd), then the image read back: our own image must read.
 * </ul>
 *
 * A finding is any exception but {@link TarFormatException}, or a hang.
 */
class TarFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void readMembers(byte[] archive) throws Exception {
    TarFuzzBounds.expectResultOrFormatError(
        () -> {
          TarReader r = new TarReader(Decompression.open(new ByteArrayInputStream(archive)));
          byte[] buffer = new byte[1 << 16];
          long read = 0;
          for (TarEntry e; (e = r.next()) != null; ) {
            try {
              ArchivePaths.normalize(e.name(), "m", "name");
              if (e.link() != null) {
                ArchivePaths.normalize(e.link(), "m", "link");
              }
            } catch (TarFormatException bad) {
              // a name the import refuses; the reader goes on
            }
            if (e.kind() == TarEntry.Kind.FILE && read < TarFuzzBounds.READ_LIMIT) {
              long[] ranges = r.sparseRanges();
              InputStream in = ranges == null || (read & 1) == 0 ? r.content() : r.storedContent();
              int n;
              while (read < TarFuzzBounds.READ_LIMIT && (n = in.read(buffer)) > 0) {
                read += n;
              }
            }
          }
        });
  }

  @FuzzTest(maxDuration = "5m")
  void importArchive(byte[] archive) throws Exception {
    TarFuzzBounds.expectResultOrFormatError(
        () -> {
          Path image = Files.createTempFile("tar-fuzz", ".sqfs");
          try {
            TarImport.write(
                new ByteArrayInputStream(archive),
                image,
                WriterOptions.defaults().withBlockSize(1 << 20).withProcessors(1),
                archive.length % 2 == 1 ? ArchiveOptions.oci() : ArchiveOptions.plain());
            readBack(image);
          } finally {
            Files.deleteIfExists(image);
          }
        });
  }

  /** Walks the image and reads its files (at most 64 MiB): our own image must read. */
  private static void readBack(Path image) throws Exception {
    try (SquashfsImage img = SquashfsImage.open(image)) {
      ArrayDeque<Entry> dirs = new ArrayDeque<>();
      dirs.push(img.root());
      long read = 0;
      byte[] buffer = new byte[1 << 16];
      while (!dirs.isEmpty()) {
        for (Entry e : img.children(dirs.pop())) {
          if (e.isDirectory()) {
            dirs.push(e);
          } else if (e.type() == EntryType.FILE && read < TarFuzzBounds.READ_LIMIT) {
            try (InputStream in = img.open(e)) {
              int n;
              while (read < TarFuzzBounds.READ_LIMIT && (n = in.read(buffer)) > 0) {
                read += n;
              }
            }
          }
        }
      }
    }
  }
}
