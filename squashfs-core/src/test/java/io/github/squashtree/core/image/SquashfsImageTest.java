package io.github.squashtree.core.image;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.ZstdOptions;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SquashfsImageTest {
  @TempDir Path tmp;

  private static final byte[] BIG = new byte[300_000];

  static {
    new Random(3).nextBytes(BIG);
    Arrays.fill(BIG, 140_000, 270_000, (byte) 0); // a hole of at least one whole block
  }

  private Path image(WriterOptions options) throws IOException {
    Path out = tmp.resolve("test.sqfs");
    SquashfsWriter.write(
        new TreeBuilder()
            .file("/etc/hostname", "box\n".getBytes(UTF_8), Attributes.of(0640).owner(0, 42))
            .file("/big", BIG, Attributes.FILE)
            .symlink("/link", "etc/hostname", Attributes.SYMLINK)
            .build(),
        out,
        options);
    return out;
  }

  @Test
  void storedRangesLeaveOutTheHoles() throws IOException {
    Path file = image(WriterOptions.defaults().withBlockSize(4096));
    try (SquashfsImage image = SquashfsImage.open(file)) {
      long[] ranges = image.storedRanges(image.lookup("/big").orElseThrow());
      // Blocks of zeros are holes: 140,000..270,000 holds the whole blocks 35..65 (143,360 to
      // 270,336 minus its partial last block), so the stored ranges end and start there.
      assertArrayEquals(new long[] {0, 143_360, 266_240, 300_000 - 266_240}, ranges);
      byte[] all = new byte[BIG.length];
      for (int i = 0; i < ranges.length; i += 2) {
        image.read(
            image.lookup("/big").orElseThrow(),
            ranges[i],
            all,
            (int) ranges[i],
            (int) ranges[i + 1]);
      }
      assertArrayEquals(BIG, all);
      assertArrayEquals(
          new long[] {0, 4}, image.storedRanges(image.lookup("/etc/hostname").orElseThrow()));
      assertThrows(
          IllegalArgumentException.class,
          () -> image.storedRanges(image.lookup("/link").orElseThrow()));
    }
  }

  @Test
  void infoStatesTheSuperblockTheWriterWrote() throws IOException {
    Path file =
        image(
            WriterOptions.defaults()
                .withCompression(Compression.ZSTD, new ZstdOptions(3))
                .withBlockSize(65536)
                .withMkfsTime(OptionalLong.of(1_700_000_000L))
                .withExportTable(false));
    try (SquashfsImage image = SquashfsImage.open(file)) {
      ImageInfo info = image.info();
      assertEquals(Compression.ZSTD, info.compression());
      assertEquals(new ZstdOptions(3), info.compressorOptions().orElseThrow());
      assertEquals(65536, info.blockSize());
      assertEquals(1_700_000_000L, info.modificationTime());
      assertEquals(5, info.inodeCount()); // root, etc, hostname, big, link
      assertFalse(info.has(ImageFlag.EXPORTABLE));
      assertTrue(info.has(ImageFlag.DUPLICATES));
      assertTrue(info.bytesUsed() <= Files.size(file));
    }
  }

  @Test
  void positionalReadsDecodeAcrossBlocksAndHoles() throws IOException {
    try (SquashfsImage image = SquashfsImage.open(image(WriterOptions.defaults()))) {
      Entry big = image.lookup("/big").orElseThrow();
      for (long at : new long[] {0, 131_000, 140_100, 262_000, 299_990}) {
        byte[] got = new byte[20_000];
        int n = image.read(big, at, got, 0, got.length);
        int expected = (int) Math.min(got.length, BIG.length - at);
        assertEquals(expected, n, "bytes at " + at);
        assertArrayEquals(
            Arrays.copyOfRange(BIG, (int) at, (int) at + expected), Arrays.copyOf(got, n));
      }
      assertEquals(-1, image.read(big, BIG.length, new byte[1], 0, 1));
      Entry link = image.lookup("/link").orElseThrow();
      assertThrows(IllegalArgumentException.class, () -> image.read(link, 0, new byte[1], 0, 1));
    }
  }

  @Test
  void anImageInMemoryReadsAsFromAFile() throws IOException {
    byte[] bytes = Files.readAllBytes(image(WriterOptions.defaults()));
    ByteBuffer padded = ByteBuffer.allocate(bytes.length + 10).position(10);
    padded.put(bytes).position(10);
    try (SquashfsImage image = SquashfsImage.open(padded, ReaderOptions.defaults())) {
      Entry host = image.lookup("/etc/hostname").orElseThrow();
      assertEquals(42, host.metadata().gid());
      try (var in = image.open(host)) {
        assertEquals("box\n", new String(in.readAllBytes(), UTF_8));
      }
    }
  }

  @Test
  void extractAndVerifyWorkThroughTheImage() throws IOException {
    Path file = image(WriterOptions.defaults());
    try (SquashfsImage image = SquashfsImage.open(file)) {
      Path dest = tmp.resolve("out");
      ExtractResult r =
          image.extract("/", dest, ExtractOptions.forCurrentUser(false), new ExtractListener() {});
      assertEquals(2, r.files());
      assertArrayEquals(BIG, Files.readAllBytes(dest.resolve("big")));
      assertEquals("etc/hostname", Files.readSymbolicLink(dest.resolve("link")).toString());
    }
    assertTrue(SquashfsImage.verify(file, new VerifyListener() {}, 0).ok());
  }

  @Test
  void aFileThatIsNoImageIsAFormatError() throws IOException {
    Path junk = Files.write(tmp.resolve("junk"), new byte[4096]);
    assertThrows(SquashfsFormatException.class, () -> SquashfsImage.open(junk));
  }

  /** An image behind 4099 bytes of something else (an odd offset, so no block aligns by luck). */
  private Path embedded(int offset) throws IOException {
    byte[] image = Files.readAllBytes(image(WriterOptions.defaults()));
    byte[] file = new byte[offset + image.length];
    new Random(9).nextBytes(file);
    System.arraycopy(image, 0, file, offset, image.length);
    return Files.write(tmp.resolve("embedded.bin"), file);
  }

  @Test
  void anImageAtAnOffsetReadsFromThere() throws IOException {
    Path file = embedded(4099);
    try (SquashfsImage image =
        SquashfsImage.open(file, ReaderOptions.defaults().withOffset(4099))) {
      Entry big = image.lookup("/big").orElseThrow();
      try (var in = image.open(big)) {
        assertArrayEquals(BIG, in.readAllBytes());
      }
      byte[] got = new byte[10];
      assertEquals(10, image.read(big, 299_990, got, 0, 10));
      assertArrayEquals(Arrays.copyOfRange(BIG, 299_990, 300_000), got);
      assertTrue(image.info().bytesUsed() <= Files.size(file) - 4099);
    }
    assertThrows(SquashfsFormatException.class, () -> SquashfsImage.open(file));
    assertThrows(
        SquashfsFormatException.class,
        () -> SquashfsImage.open(file, ReaderOptions.defaults().withOffset(4098)));
  }

  @Test
  void verifyReadsAnImageAtAnOffset() throws IOException {
    Path file = embedded(4099);
    ReaderOptions at = ReaderOptions.defaults().withOffset(4099);
    assertTrue(SquashfsImage.verify(file, at, new VerifyListener() {}, 1).ok());
    // Without the offset the file has no magic number where an image starts: not an image at all.
    assertThrows(
        SquashfsFormatException.class,
        () -> SquashfsImage.verify(file, new VerifyListener() {}, 1));
  }

  @Test
  void anOffsetPastTheEndIsAFormatErrorThatSaysSo() throws IOException {
    Path file = image(WriterOptions.defaults());
    long size = Files.size(file);
    SquashfsFormatException e =
        assertThrows(
            SquashfsFormatException.class,
            () -> SquashfsImage.open(file, ReaderOptions.defaults().withOffset(size + 1)));
    assertTrue(e.getMessage().contains("offset " + (size + 1)), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ReaderOptions.defaults().withOffset(-1));
  }
}
