package io.github.squashtree.core.write;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.internal.read.StoredFile;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writing from an image copies the blocks it stores with the write's own compression: the result is
 * byte for byte what compressing again gives, and a corrupt block is not carried over.
 */
class StoredBlockReuseTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Compression.class)
  void rewritingAnImageCopiesItsBlocksAndGivesTheSameBytes(Compression c) throws IOException {
    WriterOptions o = SquashfsWriterTest.options().withCompression(c, null);
    Path first = write(SquashfsWriterTest.sample(), "first", o);

    WriteResult copied = rewrite(first, "copied", o);
    WriteResult recompressed = rewrite(first, "recompressed", o.withReuseStoredBlocks(false));

    // The sample's compressible multi-block file, and its random ones (stored uncompressed).
    assertTrue(copied.reusedBlocks() >= 10, "blocks copied: " + copied.reusedBlocks());
    assertEquals(0, recompressed.reusedBlocks());
    assertEquals(copied.dataBlocks(), recompressed.dataBlocks());
    assertEquals(-1, Files.mismatch(first, tmp.resolve("copied")), "copied blocks");
    assertEquals(-1, Files.mismatch(first, tmp.resolve("recompressed")), "compressed again");
  }

  @Test
  void tailsMoveBetweenBlocksAndFragmentsAsTheWriteWants() throws IOException {
    WriterOptions o = SquashfsWriterTest.options();
    for (FragmentMode from : FragmentMode.values()) {
      Path image = write(SquashfsWriterTest.sample(), "from-" + from, o.withFragments(from));
      for (FragmentMode to : FragmentMode.values()) {
        String name = from + "-to-" + to;
        WriteResult r = rewrite(image, name, o.withFragments(to));
        assertTrue(r.reusedBlocks() > 0, name);
        Path direct = write(SquashfsWriterTest.sample(), "direct-" + name, o.withFragments(to));
        assertEquals(-1, Files.mismatch(direct, tmp.resolve(name)), name);
      }
    }
  }

  @Test
  void otherCompressionSettingsCompressAgain() throws IOException {
    WriterOptions level9 = SquashfsWriterTest.options();
    WriterOptions level6 =
        level9.withCompression(
            Compression.GZIP, new GzipOptions(6, 15, GzipOptions.DEFAULT_STRATEGY));
    Path image = write(SquashfsWriterTest.sample(), "level9", level9);

    assertEquals(0, rewrite(image, "level6", level6).reusedBlocks());
    assertEquals(
        0, rewrite(image, "xz", level9.withCompression(Compression.XZ, null)).reusedBlocks());
    assertEquals(0, rewrite(image, "8k", level9.withBlockSize(8192)).reusedBlocks());
    Path direct = write(SquashfsWriterTest.sample(), "direct-level6", level6);
    assertEquals(-1, Files.mismatch(direct, tmp.resolve("level6")));
  }

  @Test
  void blocksAnotherCompressorMadeAreCompressedAgain() throws IOException {
    // An image that declares gzip's defaults (level 9) but whose blocks were made at level 1, as
    // another library or version makes other bytes at the same settings.
    WriterOptions o = SquashfsWriterTest.options();
    Path foreign = tmp.resolve("foreign");
    GzipOptions level1 = new GzipOptions(1, 15, GzipOptions.DEFAULT_STRATEGY);
    SquashfsWriter.write(
        SquashfsWriterTest.sample(),
        foreign,
        o,
        () -> Codecs.compressor(Compression.GZIP, level1, o.blockSize()));
    Path direct = write(SquashfsWriterTest.sample(), "direct", o);
    assertTrue(Files.mismatch(direct, foreign) >= 0, "the foreign image differs to begin with");

    WriteResult r = rewrite(foreign, "rewritten", o);
    assertEquals(0, r.reusedBlocks());
    assertEquals(-1, Files.mismatch(direct, tmp.resolve("rewritten")));
  }

  /**
   * Regression: an image whose first blocks are random (stored uncompressed by any compressor)
   * passed the probes, and its later compressed blocks were copied from zlib into a libdeflate
   * write (flatten over a mksquashfs image differed from mk of the mounted overlay).
   */
  @Test
  void blocksStoredUncompressedProveNothingAboutTheCompressor() throws IOException {
    Random random = new Random(5);
    TreeBuilder b = new TreeBuilder();
    for (int i = 0; i < 6; i++) {
      byte[] noise = new byte[3 * 4096];
      random.nextBytes(noise);
      b.file("/a-random-" + i, noise, Attributes.FILE);
    }
    b.file("/b-text", "squashtree ".repeat(5000).getBytes(UTF_8), Attributes.FILE);
    Tree tree = b.build();
    WriterOptions libdeflate =
        SquashfsWriterTest.options().withDeflate(DeflateImplementation.LIBDEFLATE);
    Path zlib = write(tree, "zlib", libdeflate.withDeflate(DeflateImplementation.ZLIB));
    Path direct = write(tree, "direct", libdeflate);
    assertTrue(Files.mismatch(direct, zlib) >= 0);

    WriteResult r = rewrite(zlib, "rewritten", libdeflate);
    assertEquals(-1, Files.mismatch(direct, tmp.resolve("rewritten")));
    assertEquals(18, r.reusedBlocks(), "the random blocks are copied, the text is not");
  }

  @Test
  void aCorruptStoredBlockFailsTheWriteInsteadOfBeingCopied() throws IOException {
    WriterOptions o = SquashfsWriterTest.options();
    Path image = write(SquashfsWriterTest.sample(), "good", o);
    long position;
    int stored;
    try (ImageTree t = ImageTree.open(image)) {
      FileLayout layout =
          ((StoredFile) t.storedContent(t.lookup("/dup/a").orElseThrow()).orElseThrow()).layout();
      assertTrue(DataBlock.isCompressed(layout.sizeWord(1)));
      position = layout.position(1);
      stored = DataBlock.storedSize(layout.sizeWord(1));
    }
    try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
      f.seek(position + stored / 2);
      int b = f.read();
      f.seek(position + stored / 2);
      f.write(b ^ 0x55);
    }
    IOException e = assertThrows(IOException.class, () -> rewrite(image, "bad", o));
    assertTrue(e.getMessage().startsWith("/dup/a: "), e.getMessage());
    assertTrue(e.getCause() instanceof SquashfsFormatException, String.valueOf(e.getCause()));
    assertFalse(Files.exists(tmp.resolve("bad")));
  }

  private Path write(Tree tree, String name, WriterOptions o) throws IOException {
    Path out = tmp.resolve(name);
    SquashfsWriter.write(tree, out, o);
    return out;
  }

  private WriteResult rewrite(Path image, String name, WriterOptions o) throws IOException {
    try (ImageTree t = ImageTree.open(image)) {
      return SquashfsWriter.write(t, tmp.resolve(name), o);
    }
  }
}
