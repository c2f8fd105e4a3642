package io.github.squashtree.core.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.MissingCodecException;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core without jlibdeflate (a class loader with the test's class path but that jar): a gzip write
 * that asks for libdeflate fails before making anything, naming the library and the way out (it
 * never quietly uses zlib instead); the default, zlib, writes the same bytes as with jlibdeflate
 * present; and every gzip image is still read, through the JDK's inflater, whichever implementation
 * wrote it.
 */
class LibdeflateAbsentTest {
  @TempDir Path tmp;

  /** This test's class path without the jlibdeflate jar, the JDK's classes below it. */
  private static URLClassLoader coreAlone() throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!Path.of(entry).getFileName().toString().startsWith("jlibdeflate")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** Runs {@code method} of {@link Alone} in core alone; its failure, or null. */
  private static Throwable alone(String method, Path image) throws Exception {
    try (URLClassLoader loader = coreAlone()) {
      try {
        loader.loadClass(Alone.class.getName()).getMethod(method, Path.class).invoke(null, image);
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    }
  }

  @Test
  void aLibdeflateWriteFailsNamingTheLibraryAndLeavesNothing() throws Exception {
    Path image = tmp.resolve("libdeflate.sqfs");
    Throwable failure = alone("writeLibdeflate", image);
    assertNotNull(failure, "a gzip write without libdeflate must not quietly use zlib");
    assertEquals(MissingCodecException.class.getName(), failure.getClass().getName());
    String message = failure.getMessage();
    assertTrue(message.contains("com.fulcrumgenomics:jlibdeflate"), message);
    assertTrue(message.contains("--deflate zlib"), message);
    assertTrue(Files.notExists(image));
    try (var left = Files.list(tmp)) {
      assertEquals(0, left.count(), "no partial file left");
    }
  }

  @Test
  void zlibWritesTheSameBytesWithOrWithoutLibdeflate() throws Exception {
    Path withIt = tmp.resolve("with.sqfs");
    Alone.writeZlib(withIt);
    Path without = tmp.resolve("without.sqfs");
    assertNull(alone("writeZlib", without));
    assertEquals(-1, Files.mismatch(withIt, without));
  }

  @Test
  void imagesOfEitherImplementationAreReadWithoutLibdeflate() throws Exception {
    Path ours = tmp.resolve("libdeflate.sqfs");
    SquashfsWriter.write(
        Alone.tree(), ours, Alone.options().withDeflate(DeflateImplementation.LIBDEFLATE));
    Path zlib = tmp.resolve("zlib.sqfs");
    Alone.writeZlib(zlib);
    assertTrue(Files.mismatch(ours, zlib) >= 0, "the two implementations give other bytes");
    assertNull(alone("readAll", ours));
    assertNull(alone("readAll", zlib));
  }

  @Test
  void theProbeSaysWhyWhenTheJarIsMissing() throws Exception {
    try (URLClassLoader loader = coreAlone()) {
      Object problem =
          loader.loadClass(Codecs.class.getName()).getMethod("libdeflateProblem").invoke(null);
      assertInstanceOf(String.class, problem);
      assertTrue(((String) problem).contains("not on the class path"), (String) problem);
      assertTrue(((String) problem).contains("--deflate zlib"), (String) problem);
    }
    assertNull(Codecs.libdeflateProblem());
  }

  /** What runs in core alone, through reflection. */
  public static final class Alone {
    private Alone() {}

    static io.github.squashtree.core.tree.Tree tree() {
      byte[] text = "squashtree ".repeat(30_000).getBytes(StandardCharsets.UTF_8);
      byte[] random = new byte[150_000];
      new Random(3).nextBytes(random);
      return new TreeBuilder()
          .file("/text", text, Attributes.FILE)
          .file("/random", random, Attributes.FILE)
          .file("/small", "tail".getBytes(StandardCharsets.UTF_8), Attributes.FILE)
          .build();
    }

    static WriterOptions options() {
      return WriterOptions.defaults().withMkfsTime(OptionalLong.of(0)).withProcessors(2);
    }

    public static void writeLibdeflate(Path image) throws IOException {
      SquashfsWriter.write(tree(), image, options().withDeflate(DeflateImplementation.LIBDEFLATE));
    }

    /** The default: zlib. */
    public static void writeZlib(Path image) throws IOException {
      SquashfsWriter.write(tree(), image, options());
    }

    /** Reads every file and compares it with the tree's. */
    public static void readAll(Path image) throws IOException {
      if (Codecs.libdeflateAvailable()) {
        throw new IllegalStateException("libdeflate is loaded: this is not core alone");
      }
      byte[] text = "squashtree ".repeat(30_000).getBytes(StandardCharsets.UTF_8);
      try (SquashfsImage sqfs = SquashfsImage.open(image)) {
        for (String name : new String[] {"/text", "/random", "/small"}) {
          try (InputStream in = sqfs.open(sqfs.lookup(name).orElseThrow())) {
            byte[] got = in.readAllBytes();
            if (name.equals("/text") && !java.util.Arrays.equals(got, text)) {
              throw new IOException("content of /text differs");
            }
          }
        }
      }
    }
  }
}
