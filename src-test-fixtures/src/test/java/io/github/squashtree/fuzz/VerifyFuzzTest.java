package io.github.squashtree.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.io.ByteSource;
import io.github.squashtree.core.read.SquashfsImage;
import io.github.squashtree.core.verify.ImageVerifier;
import io.github.squashtree.core.verify.VerifyListener;

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
          try (SquashfsImage img = SquashfsImage.open(ByteSource.of(image))) {
            assertNotNull(VERIFIER.verify(img), "no report");
          }
        });
  }
}
