package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.internal.extract.Extractor;
import io.github.squashtree.core.internal.io.ByteSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Writes the hand-made attack images to the directory named by the system property {@code
 * squashtree.attackImages}, with squashtree's outcome for each in {@code squashtree-outcomes.tsv},
 * for {@code scripts/attack-table.sh} to set next to unsquashfs and rdsquashfs. Skipped unless the
 * property is set; {@link MalformedImageTest} asserts the outcomes.
 */
class AttackImagesExportTest {

  /** The attack images by file name; a name ending in {@code -fail} must be rejected. */
  static Map<String, byte[]> images() {
    return AttackImages.all();
  }

  /**
   * Every attack image is rejected (and the valid control extracted) without writing anything
   * outside the destination. With {@code -Dsquashtree.attackImages=<dir>} the images and outcomes
   * are also written there, for {@code scripts/attack-table.sh}.
   */
  @Test
  void everyAttackImageIsRejected(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
    String dir = System.getProperty("squashtree.attackImages");
    Path out = Files.createDirectories(dir != null ? Path.of(dir) : temp);
    List<String> rows = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : images().entrySet()) {
      Files.write(out.resolve(e.getKey()), e.getValue());
      String outcome = outcome(e.getValue());
      rows.add(e.getKey() + "\t" + outcome);
      // The one valid image is the control: it must extract; every attack must be rejected.
      String expected = e.getKey().startsWith("valid-") ? "extracted" : "rejected: ";
      org.junit.jupiter.api.Assertions.assertTrue(
          outcome.startsWith(expected) && !outcome.contains("OUTSIDE"),
          e.getKey() + ": " + outcome);
    }
    Files.write(out.resolve("squashtree-outcomes.tsv"), rows);
  }

  /** What squashtree does with the image: walk and read everything, then extract it. */
  static String outcome(byte[] image) throws Exception {
    try {
      MalformedImageTest.readAll(image);
    } catch (SquashfsFormatException e) {
      return "rejected: " + e.getMessage();
    }
    Path sandbox = Files.createTempDirectory("squashtree-attack-");
    Path dest = sandbox.resolve("out");
    String result;
    try (ImageReader img = ImageReader.open(ByteSource.of(image))) {
      new Extractor(img, new ExtractOptions(false, false, false, 1), ExtractListener.NONE)
          .extract("/", dest);
      result = "extracted";
    } catch (SquashfsFormatException e) {
      result = "extract rejected: " + e.getMessage();
    }
    try (Stream<Path> s = Files.list(sandbox)) {
      if (s.anyMatch(p -> !p.equals(dest))) {
        result += "; WROTE OUTSIDE the destination";
      }
    }
    return result;
  }
}
