package io.github.squashtree.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;

/**
 * Fuzzes the xattr id table and the key/value area: the xattrs of every inode by number.
 *
 * <p>Seeds: as {@link InodeFuzzTest} (the small tree holds user, trusted and security xattrs), in
 * {@code XattrFuzzTestInputs/readXattrs/}.
 */
class XattrFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void readXattrs(byte[] image) throws Exception {
    FuzzBounds.expectResultOrFormatError(
        () -> {
          try (ImageReader img = ImageReader.open(ByteSource.of(image))) {
            img.xattrSetCount();
            ImageInodes.forEach(img, img::xattrs);
          }
        });
  }
}
