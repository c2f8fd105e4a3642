package io.github.squashtree.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.internal.extract.Extractor;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz findings, each kept as a regression named after what it guards. An open finding gets
 * {@code @Disabled} with its reason until core is fixed.
 */
class FuzzFindingsTest {

  /** Fixed: the reader rejects the name; it used to escape extraction from setxattr's check. */
  @Test
  void xattrNameWithNulIsAFormatErrorOnExtraction(@TempDir Path dir) throws Exception {
    byte[] image = finding("xattr-name-with-nul-extract-fail.sqfs");
    new ExtractFuzzTest().extractStaysInside(image);
    try (ImageReader img = ImageReader.open(ByteSource.of(image))) {
      SquashfsFormatException e =
          assertThrows(
              SquashfsFormatException.class,
              () ->
                  new Extractor(img, new ExtractOptions(true, true, false, 1), ExtractListener.NONE)
                      .extract("/", dir.resolve("out")));
      assertTrue(e.getMessage().contains("NUL"), e.getMessage());
    }
  }

  @Test
  void xattrNameWithNulReadsOrIsAFormatErrorOnWalk() throws Exception {
    new ImageWalkFuzzTest().openWalkRead(finding("xattr-name-with-nul-extract-fail.sqfs"));
  }

  private static byte[] finding(String name) throws IOException {
    try (InputStream in = FuzzFindingsTest.class.getResourceAsStream("findings/" + name)) {
      if (in == null) {
        throw new IOException("missing finding " + name);
      }
      return in.readAllBytes();
    }
  }
}
