package io.github.squashtree.core.read;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.extract.ExtractListener;
import io.github.squashtree.core.extract.ExtractOptions;
import io.github.squashtree.core.extract.Extractor;
import io.github.squashtree.core.format.InodeType;
import io.github.squashtree.core.io.ByteSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("valid-hand-made.sqfs", HandImages.valid());
    m.put("cve-2021-40153-dotdot-name-fail.sqfs", HandImages.rootWithNames(".."));
    m.put("cve-2021-40153-dotdot-escape-name-fail.sqfs", HandImages.rootWithNames("../escape"));
    m.put("slash-in-name-fail.sqfs", HandImages.rootWithNames("a/../../escape"));
    m.put("cve-2021-41072-symlink-then-file-fail.sqfs", symlinkThenSameNamedFile());
    m.put("same-name-twice-fail.sqfs", HandImages.rootWithNames("x", "x"));
    m.put("unsorted-names-fail.sqfs", HandImages.rootWithNames("b", "a"));
    m.put("directory-containing-its-ancestor-fail.sqfs", ancestorLoop());
    return m;
  }

  /**
   * CVE-2021-41072: "x" a symlink to "../escape", then a file "x" that would be written through it.
   */
  private static byte[] symlinkThenSameNamedFile() {
    HandImage b = new HandImage();
    long l = HandImages.symlink(b, "../escape", 1);
    long f = HandImages.file(b, "written through the link".getBytes(StandardCharsets.UTF_8), 2);
    b.rootRef =
        HandImages.directory(
            b,
            List.of(
                new HandImage.Child("x", l, InodeType.SYMLINK, 1),
                new HandImage.Child("x", f, InodeType.FILE, 2)),
            3,
            4);
    b.newInodeNumber();
    b.newInodeNumber();
    b.newInodeNumber();
    return b.build();
  }

  /** The root holds "d", and "d" holds "up", which is the root again. */
  private static byte[] ancestorLoop() {
    HandImage b = new HandImage();
    long root =
        HandImages.directory(
            b, List.of(new HandImage.Child("d", 32, InodeType.DIRECTORY, 2)), 1, 3);
    long d =
        HandImages.directory(
            b, List.of(new HandImage.Child("up", root, InodeType.DIRECTORY, 1)), 2, 1);
    if (root != 0 || d != 32) {
      throw new AssertionError("hand-made layout changed: root " + root + ", d " + d);
    }
    b.rootRef = root;
    b.newInodeNumber();
    b.newInodeNumber();
    return b.build();
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
    try (SquashfsImage img = SquashfsImage.open(ByteSource.of(image))) {
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
