package io.github.squashtree.core.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.Lz4Options;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core alone, in a class loader that has none of the optional libraries: gzip and the lz4 and lzo
 * decoders work, every other codec fails with MissingCodecException naming the artifact to add.
 */
class MissingCodecTest {
  @TempDir Path tmp;

  /** A class loader with core's classes (and this test's), and the JDK only. */
  private static URLClassLoader coreAlone() {
    URL classes = SquashfsImage.class.getProtectionDomain().getCodeSource().getLocation();
    URL tests = MissingCodecTest.class.getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader(new URL[] {classes, tests}, ClassLoader.getPlatformClassLoader());
  }

  private Path image(Compression c, WriterOptions o) throws Exception {
    byte[] text = "squashtree ".repeat(20_000).getBytes(StandardCharsets.UTF_8);
    byte[] random = new byte[200_000];
    new Random(1).nextBytes(random);
    Path image = tmp.resolve(c.label() + ".sqfs");
    SquashfsWriter.write(
        new TreeBuilder()
            .file("/text", text, Attributes.FILE)
            .file("/random", random, Attributes.FILE)
            .build(),
        image,
        o.withCompression(c, o.compressorOptions()));
    return image;
  }

  /** Opens {@code image} and reads every file, in core alone; the failure, or null. */
  private static Throwable readAlone(Path image) throws Exception {
    try (URLClassLoader loader = coreAlone()) {
      Class<?> reader = loader.loadClass(ReadAll.class.getName());
      Method run = reader.getMethod("run", Path.class);
      try {
        run.invoke(null, image);
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    }
  }

  private static Throwable writeAlone(Compression c, boolean lz4hc, Path image) throws Exception {
    try (URLClassLoader loader = coreAlone()) {
      Method run =
          loader
              .loadClass(WriteOne.class.getName())
              .getMethod("run", String.class, boolean.class, Path.class);
      try {
        run.invoke(null, c.name(), lz4hc, image);
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    }
  }

  private static void assertMissing(Throwable failure, String artifact) {
    assertEquals(
        "io.github.squashtree.core.MissingCodecException",
        failure == null ? null : failure.getClass().getName(),
        "failure: " + failure);
    assertTrue(failure.getMessage().contains(artifact), failure.getMessage());
    assertInstanceOf(java.io.IOException.class, failure);
  }

  @Test
  void theTestLoaderReallyLacksTheLibraries() throws Exception {
    try (URLClassLoader loader = coreAlone()) {
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.tukaani.xz.XZ"));
      assertEquals(loader, loader.loadClass(SquashfsImage.class.getName()).getClassLoader());
    }
  }

  @Test
  void gzipLz4AndLzoImagesReadWithoutAnyLibrary() throws Exception {
    WriterOptions o = WriterOptions.defaults();
    for (Compression c : new Compression[] {Compression.GZIP, Compression.LZ4, Compression.LZO}) {
      assertEquals(null, readAlone(image(c, o)), c.label());
    }
    assertEquals(null, writeAlone(Compression.GZIP, false, tmp.resolve("gzip-alone.sqfs")));
  }

  @Test
  void otherCodecsNameTheArtifactToAdd() throws Exception {
    WriterOptions o = WriterOptions.defaults();
    assertMissing(readAlone(image(Compression.XZ, o)), "org.tukaani:xz");
    assertMissing(readAlone(image(Compression.LZMA, o)), "org.tukaani:xz");
    assertMissing(readAlone(image(Compression.ZSTD, o)), "com.github.luben:zstd-jni");

    assertMissing(writeAlone(Compression.XZ, false, tmp.resolve("x")), "org.tukaani:xz");
    assertMissing(writeAlone(Compression.ZSTD, false, tmp.resolve("z")), "zstd-jni");
    assertMissing(writeAlone(Compression.LZO, false, tmp.resolve("o")), "io.airlift:aircompressor");
    assertMissing(writeAlone(Compression.LZ4, false, tmp.resolve("4")), "io.airlift:aircompressor");
    assertMissing(writeAlone(Compression.LZ4, true, tmp.resolve("hc")), "at.yawk.lz4:lz4-java");
    // Nothing is left behind by a write refused.
    try (var left = Files.list(tmp)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".partial")));
    }
  }

  /** Run in core alone: reads every file of an image. */
  public static final class ReadAll {
    public static void run(Path image) throws Exception {
      try (SquashfsImage i = SquashfsImage.open(image)) {
        for (var e : i.children(i.root())) {
          try (var in = i.open(e)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
          }
        }
      }
    }
  }

  /** Run in core alone: writes a small tree with a codec. */
  public static final class WriteOne {
    public static void run(String codec, boolean lz4hc, Path image) throws Exception {
      Compression c = Compression.valueOf(codec);
      SquashfsWriter.write(
          new TreeBuilder().file("/a", new byte[10_000], Attributes.FILE).build(),
          image,
          WriterOptions.defaults()
              .withCompression(
                  c, lz4hc ? new Lz4Options(Lz4Options.LEGACY_VERSION, Lz4Options.HC) : null));
    }
  }
}
