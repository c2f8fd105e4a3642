package io.github.squashtree.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.internal.extract.Extractor;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.fixtures.TestDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fuzzes the extractor: each input is extracted into {@code sandbox/out} and afterwards the sandbox
 * must hold nothing but {@code out} and the untouched sentinel, whether extraction succeeded or
 * failed. An image that writes through a symlink or a ".." name would show up next to {@code out}.
 *
 * <p>Seeds: the golden images, in {@code ExtractFuzzTestInputs/extractStaysInside/}.
 *
 * <p>Not deterministic: the file worker and the walk race to the first failure, so how much of a
 * file is decoded before a later inode stops the extraction varies, and with it a few edges. Judge
 * whether a run reached new code with {@code scripts/fuzz-coverage.sh}, not by libFuzzer's counter.
 */
class ExtractFuzzTest {
  private static final String SENTINEL = "sentinel";
  private static final ExtractOptions OPTIONS = new ExtractOptions(false, true, false, 1);

  @FuzzTest(maxDuration = "5m")
  void extractStaysInside(byte[] image) throws Exception {
    Path sandbox = Files.createTempDirectory("squashtree-fuzz-");
    try {
      Files.writeString(sandbox.resolve(SENTINEL), SENTINEL);
      Path out = sandbox.resolve("out");
      FuzzBounds.expectResultOrFormatError(
          () -> {
            try (ImageReader img = ImageReader.open(ByteSource.of(image))) {
              new Extractor(img, OPTIONS, ExtractListener.NONE).extract("/", out);
            }
          });
      try (Stream<Path> s = Files.list(sandbox)) {
        List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
        List<String> allowed = Files.exists(out) ? List.of("out", SENTINEL) : List.of(SENTINEL);
        assertEquals(allowed, names, "extraction wrote outside its destination");
      }
      assertEquals(SENTINEL, Files.readString(sandbox.resolve(SENTINEL)), "sentinel overwritten");
    } finally {
      TestDirectories.delete(sandbox);
    }
  }
}
