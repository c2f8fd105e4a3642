package io.github.squashtree.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.image.VerifyListener;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.verify.ImageVerifier;

/**
 * Fuzzes the verifier: it must turn a damaged image into a report (or, if it cannot open it at all,
 * a SquashfsFormatException), never anything else.
 *
 * <p>Seeds: the golden images, in {@code VerifyFuzzTestInputs/verifyReports/}.
 */
class VerifyFuzzTest {
  private static final ImageVerifier VERIFIER = new ImageVerifier(VerifyListener.NONE, 1);

  @FuzzTest(maxDuration = "5m")
  void verifyReports(byte[] image) throws Exception {
    FuzzBounds.expectResultOrFormatError(
        () -> {
          try (ImageReader img = ImageReader.open(ByteSource.of(image))) {
            assertNotNull(VERIFIER.verify(img), "no report");
          }
        });
  }
}
