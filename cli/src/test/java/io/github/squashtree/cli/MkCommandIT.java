package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.XzOptions;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.write.FragmentMode;
import io.github.squashtree.core.write.WriterOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sqfs mk}: options, SOURCE_DATE_EPOCH, summary, errors. */
class MkCommandIT {
  @TempDir Path tmp;

  private Path source() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/dir"));
    Files.writeString(src.resolve("a"), "hello\n");
    Files.writeString(src.resolve("b"), "hello\n");
    Files.setLastModifiedTime(
        src.resolve("a"), FileTime.from(Instant.ofEpochSecond(2_000_000_000L)));
    return src.getParent();
  }

  private static MkCommand parse(String... args) {
    MkCommand mk = new MkCommand();
    new CommandLine(mk).parseArgs(args);
    return mk;
  }

  @Test
  void makesAnImageAndPrintsASummary() throws Exception {
    Path image = tmp.resolve("out.sqfs");
    CliRun run =
        CliRun.of("mk", source().toString(), image.toString(), "--comp", "zstd", "-b", "4K");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("zstd compressed, data block size 4096"), run.out());
    assertTrue(run.out().contains("Number of duplicate files found 1"), run.out());
    try (ImageReader img = ImageReader.open(image)) {
      assertEquals(4096, img.superblock().blockSize());
    }
    // and an image as the source
    Path copy = tmp.resolve("copy.sqfs");
    assertEquals(0, CliRun.of("mk", image.toString(), copy.toString()).code());
  }

  @Test
  void optionsMapToTheWriter() throws Exception {
    WriterOptions o =
        parse(
                "s",
                "i",
                "--comp",
                "xz",
                "--xz-filters",
                "x86,arm",
                "--xz-dict-size",
                "50%",
                "--block-size",
                "1M",
                "--always-fragments",
                "--no-dedup",
                "--no-xattrs",
                "--no-exports",
                "--all-root",
                "--mkfs-time",
                "5",
                "--all-time",
                "6",
                "--processors",
                "3")
            .options(null);
    assertEquals(Compression.XZ, o.compression());
    assertEquals(new XzOptions(512 * 1024, XzOptions.X86 | XzOptions.ARM), o.compressorOptions());
    assertEquals(1 << 20, o.blockSize());
    assertEquals(FragmentMode.ALWAYS, o.fragments());
    assertTrue(!o.deduplicate() && !o.xattrs() && !o.exportTable() && o.allRoot());
    assertEquals(OptionalLong.of(5), o.mkfsTime());
    assertEquals(OptionalLong.of(6), o.allTime());
    assertEquals(3, o.processors());
  }

  @Test
  void gzipIsWrittenByLibdeflateUnlessZlibIsAsked() throws Exception {
    assertEquals(DeflateImplementation.LIBDEFLATE, parse("s", "i").options(null).deflate());
    assertEquals(
        DeflateImplementation.ZLIB, parse("s", "i", "--deflate", "zlib").options(null).deflate());
    assertEquals(
        new GzipOptions(6, 15, 0),
        parse("s", "i", "--deflate", "libdeflate", "--level", "6")
            .options(null)
            .compressorOptions());
    // and the two give other images of the same tree, each read back the same
    Path src = source();
    Path ours = tmp.resolve("libdeflate.sqfs");
    Path zlib = tmp.resolve("zlib.sqfs");
    assertEquals(0, CliRun.of("mk", src.toString(), ours.toString()).code());
    assertEquals(0, CliRun.of("mk", src.toString(), zlib.toString(), "--deflate", "zlib").code());
    assertTrue(Files.mismatch(ours, zlib) >= 0);
    assertEquals(
        CliRun.of("ls", "-l", "-R", ours.toString()).out(),
        CliRun.of("ls", "-l", "-R", zlib.toString()).out());
  }

  /** -Xdict-size as mksquashfs takes it: at most the block size, 8K or more, 2^n or 3 * 2^(n-1). */
  @Test
  void xzDictionaryFollowsMksquashfsRule() throws Exception {
    for (String[] ok :
        new String[][] {
          {"100%", "131072"}, {"37.5%", "49152"}, {"75%", "98304"}, {"8K", "8192"}, {"96K", "98304"}
        }) {
      WriterOptions o = parse("s", "i", "--comp", "xz", "--xz-dict-size", ok[0]).options(null);
      assertEquals(Integer.parseInt(ok[1]), ((XzOptions) o.compressorOptions()).dictionarySize());
    }
    for (String bad : new String[] {"200%", "101%", "0%", "256K", "4K", "5%", "100000", "x%"}) {
      Main.UsageException e =
          assertThrows(
              Main.UsageException.class,
              () -> parse("s", "i", "--comp", "xz", "--xz-dict-size", bad).options(null),
              bad);
      assertTrue(e.getMessage().startsWith("--xz-dict-size"), e.getMessage());
    }
  }

  @Test
  void sourceDateEpochSetsTheCreationTimeAndClamps() throws Exception {
    WriterOptions o = parse("s", "i").options("1600000000");
    assertEquals(OptionalLong.of(1_600_000_000L), o.mkfsTime());
    assertEquals(OptionalLong.of(1_600_000_000L), o.clampTime());
    assertThrows(Main.UsageException.class, () -> parse("s", "i", "--all-time", "1").options("1"));
    assertThrows(Main.UsageException.class, () -> parse("s", "i").options("soon"));
  }

  @Test
  void badOptionsAndSourcesAreOneLineErrors() throws Exception {
    Path src = source();
    Path image = tmp.resolve("x.sqfs");
    for (String[] args :
        new String[][] {
          {"--comp", "brotli"},
          {"-b", "3000"},
          {"-b", "2M"},
          {"--comp", "lz4", "--level", "3"},
          {"--comp", "lzo", "--level", "1"},
          {"--level", "10"},
          {"--lz4-hc"},
          {"--deflate", "zopfli"},
          {"--comp", "zstd", "--deflate", "zlib"},
          {"--no-fragments", "--always-fragments"},
          {"--comp", "xz", "--xz-filters", "mips"},
          {"--processors", "0"},
        }) {
      String[] full =
          Stream.concat(Stream.of("mk", src.toString(), image.toString()), Stream.of(args))
              .toArray(String[]::new);
      CliRun run = CliRun.of(full);
      assertEquals(2, run.code(), String.join(" ", args));
      assertEquals(1, run.err().lines().count(), run.err());
      assertTrue(run.err().startsWith("sqfs: "), run.err());
    }
    CliRun missing = CliRun.of("mk", tmp.resolve("nothing").toString(), image.toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("nothing"), missing.err());
    assertTrue(Files.notExists(image));
  }
}
