package io.github.squashtree.core.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.image.VerifyListener;
import io.github.squashtree.core.image.VerifyReport;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageWalker;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.Require;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImageVerifier and ImageWalker on images made by mksquashfs (skipped without it). */
class ImageVerifierIT {
  @TempDir static Path tmp;
  static Path image;
  static byte[] text;

  @BeforeAll
  static void makeImage() throws Exception {
    Path src = tmp.resolve("src");
    Files.createDirectories(src.resolve("d/e"));
    StringBuilder b = new StringBuilder();
    for (int i = 0; b.length() < 400_000; i++) {
      b.append("row ").append(i * 31 % 997).append('\n');
    }
    text = b.toString().getBytes(StandardCharsets.US_ASCII);
    Files.write(src.resolve("big.txt"), text);
    Files.writeString(src.resolve("d/small"), "small\n");
    Files.createLink(src.resolve("d/hard"), src.resolve("d/small"));
    Files.createSymbolicLink(src.resolve("d/link"), Path.of("small"));
    image = tmp.resolve("verify-gzip.sqfs");
    mksquashfs(tmp.resolve("src"), image);
  }

  @Test
  void soundImageIsReportedWithCounts() throws IOException {
    List<Long> progress = new ArrayList<>();
    VerifyReport r =
        new ImageVerifier(
                new VerifyListener() {
                  @Override
                  public void progress(long done, long total) {
                    synchronized (progress) {
                      progress.add(done);
                      progress.add(total);
                    }
                  }
                })
            .verify(image);
    assertTrue(r.ok(), r.problem());
    assertEquals(3, r.directories());
    assertEquals(2, r.files());
    assertEquals(1, r.hardLinks());
    assertEquals(1, r.symlinks());
    assertEquals(text.length + 6, r.contentBytes());
    assertEquals(6, r.inodes());
    assertEquals(6, r.exportEntries());
    assertTrue(r.dataBlocks() >= 3);
    // The last report is done == total (bytes_used).
    assertEquals(progress.get(progress.size() - 1), progress.get(progress.size() - 2));
    assertTrue(progress.get(progress.size() - 1) <= Files.size(image));
  }

  @Test
  void corruptDataBlockIsNamedByPath() throws IOException {
    Path bad = tmp.resolve("verify-gzip-data-fail.sqfs");
    Files.copy(image, bad, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
      f.seek(96 + 300);
      f.write(new byte[80]);
    }
    VerifyReport r = new ImageVerifier(VerifyListener.NONE, 1).verify(bad);
    assertTrue(!r.ok());
    assertTrue(r.problem().startsWith("/big.txt: "), r.problem());
    VerifyReport parallel = new ImageVerifier(VerifyListener.NONE, 4).verify(bad);
    assertEquals(r.problem(), parallel.problem());
  }

  @Test
  void damagedSuperblockOfAnImageIsAProblemNotAnException() throws IOException {
    Path bad = tmp.resolve("verify-gzip-superblock-fail.sqfs");
    Files.copy(image, bad, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
      f.seek(40); // bytes_used
      f.write(new byte[] {1, 0, 0, 0, 0, 0, 0, 1});
    }
    VerifyReport r = new ImageVerifier(VerifyListener.NONE).verify(bad);
    assertTrue(!r.ok());
  }

  @Test
  void fileWithoutMagicIsNotAnImage() throws IOException {
    Path text = Files.writeString(tmp.resolve("text-fail.txt"), "no image here at all, sorry");
    assertThrows(
        SquashfsFormatException.class, () -> new ImageVerifier(VerifyListener.NONE).verify(text));
  }

  @Test
  void walkerVisitsInListingOrderWithDepths() throws IOException {
    List<String> seen = new ArrayList<>();
    try (ImageReader img = ImageReader.open(image)) {
      new ImageWalker(img)
          .walk(
              (path, inode, ref, depth) -> {
                seen.add(depth + " " + new String(path, StandardCharsets.UTF_8));
                return true;
              });
      assertEquals(
          List.of("0 /", "1 /big.txt", "1 /d", "2 /d/e", "2 /d/hard", "2 /d/link", "2 /d/small"),
          seen);
      seen.clear();
      assertTrue(
          new ImageWalker(img)
              .walk(
                  "/d",
                  (path, inode, ref, depth) -> {
                    seen.add(depth + " " + new String(path, StandardCharsets.UTF_8));
                    return depth == 0;
                  }));
      assertEquals(List.of("0 /d", "1 /d/e", "1 /d/hard", "1 /d/link", "1 /d/small"), seen);
      assertTrue(!new ImageWalker(img).walk("/nope", (p, i, r, d) -> true));
    }
  }

  private static void mksquashfs(Path src, Path out) throws Exception {
    Require.tool("mksquashfs");
    Mksquashfs.make(src, out, List.of());
  }
}
