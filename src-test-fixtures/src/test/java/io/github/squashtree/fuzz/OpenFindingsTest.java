package io.github.squashtree.fuzz;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Fuzz findings not yet fixed in core, kept as ready regressions so that the build stays green
 * meanwhile. When one is fixed: drop its {@code @Disabled} and move its input from {@code
 * fuzz/findings/} into the target's {@code …Inputs/<method>/} corpus, where it replays for good.
 */
class OpenFindingsTest {

  @Test
  @Disabled(
      "issue 6, open: an xattr name holding NUL passes XattrReader; on extraction"
          + " HostFileSystem.checkXattr throws IllegalArgumentException instead of the reader"
          + " rejecting it with SquashfsFormatException")
  void xattrNameWithNulIsAFormatErrorOnExtraction() throws Exception {
    new ExtractFuzzTest().extractStaysInside(finding("xattr-name-with-nul-extract-fail.sqfs"));
  }

  @Test
  void xattrNameWithNulReadsOrIsAFormatErrorOnWalk() throws Exception {
    new ImageWalkFuzzTest().openWalkRead(finding("xattr-name-with-nul-extract-fail.sqfs"));
  }

  private static byte[] finding(String name) throws IOException {
    try (InputStream in = OpenFindingsTest.class.getResourceAsStream("findings/" + name)) {
      if (in == null) {
        throw new IOException("missing finding " + name);
      }
      return in.readAllBytes();
    }
  }
}
