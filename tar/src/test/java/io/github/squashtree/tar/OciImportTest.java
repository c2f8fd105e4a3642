package io.github.squashtree.tar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.overlay.OverlayNamespace;
import io.github.squashtree.overlay.OverlayTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciImportTest {
  @TempDir Path tmp;

  private static byte[] text(String s) {
    return s.getBytes(UTF_8);
  }

  private static byte[] content(SquashfsImage img, String path) throws IOException {
    try (InputStream in = img.open(img.lookup(path).orElseThrow())) {
      return in.readAllBytes();
    }
  }

  @Test
  void layersApplyWithTheirWhiteoutsAndHiddenContentIsNeverCompressed() throws IOException {
    byte[] bottom =
        new Archive()
            .dir("etc/")
            .file("etc/motd", text("bottom motd"))
            .file("etc/hosts", text("bottom hosts"))
            .dir("var/cache/")
            .file("var/cache/big", new byte[100_000])
            .file("var/cache/x", text("cache x"))
            .file("opt", text("a file, later a directory"))
            .dir("gone/")
            .file("gone/deep", text("gone"))
            .end()
            .bytes();
    byte[] top =
        new Archive()
            .file("etc/.wh.motd", new byte[0])
            .file("etc/hosts", text("top hosts"))
            .file("var/cache/.wh..wh..opq", new byte[0])
            .file("var/cache/y", text("cache y"))
            .dir("opt/")
            .file("opt/app", text("app"))
            .file(".wh.gone", new byte[0])
            .end()
            .bytes();
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Path dir =
        layout
            .image(null, List.of(layout.layer(bottom, "gzip"), layout.layer(top, "zstd")))
            .write();
    Path out = tmp.resolve("flat.sqfs");
    WriteResult r = OciImport.write(dir, null, out, TarImportTest.options());
    try (SquashfsImage img = SquashfsImage.open(out)) {
      assertFalse(img.lookup("/etc/motd").isPresent());
      assertArrayEquals(text("top hosts"), content(img, "/etc/hosts"));
      assertFalse(img.lookup("/var/cache/x").isPresent());
      assertFalse(img.lookup("/var/cache/big").isPresent());
      assertArrayEquals(text("cache y"), content(img, "/var/cache/y"));
      assertTrue(img.lookup("/opt").orElseThrow().isDirectory());
      assertArrayEquals(text("app"), content(img, "/opt/app"));
      assertFalse(img.lookup("/gone").isPresent());
      assertFalse(img.lookup("/etc/.wh.motd").isPresent());
      assertTrue(img.lookup("/etc").orElseThrow().metadata().xattrs().isEmpty());
    }
    // Only what shows was read into the image: top's three files and nothing of bottom's.
    assertEquals(
        text("top hosts").length + text("cache y").length + text("app").length, r.sourceBytes());
  }

  @Test
  void aHardLinkThatShowsToAFileAHigherLayerHidesKeepsItsContent() throws IOException {
    byte[] bottom =
        new Archive()
            .file("bin/tool", text("the old tool"))
            .hardLink("bin/tool-alias", "bin/tool")
            .symlink("bin/s", "tool")
            .hardLink("bin/s2", "bin/s")
            .end()
            .bytes();
    byte[] top =
        new Archive()
            .file("bin/tool", text("the new tool"))
            .file("bin/.wh.s", new byte[0])
            .end()
            .bytes();
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Path dir =
        layout
            .image(null, List.of(layout.layer(bottom, "plain"), layout.layer(top, "plain")))
            .write();
    Path out = tmp.resolve("flat.sqfs");
    OciImport.write(dir, null, out, TarImportTest.options());
    try (SquashfsImage img = SquashfsImage.open(out)) {
      assertArrayEquals(text("the new tool"), content(img, "/bin/tool"));
      assertArrayEquals(text("the old tool"), content(img, "/bin/tool-alias"));
      assertEquals("tool", img.lookup("/bin/s2").orElseThrow().metadata().symlinkTarget());
      assertFalse(img.lookup("/bin/s").isPresent());
    }
  }

  @Test
  void anOpaqueRootHidesEveryLayerBelowAsOciSays() throws IOException {
    // The kernel ignores an opaque root; OCI's layer semantics do not: the stack follows OCI.
    byte[] bottom = new Archive().file("old", text("old")).dir("d/").end().bytes();
    byte[] top =
        new Archive().file(".wh..wh..opq", new byte[0]).file("new", text("new")).end().bytes();
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Path dir =
        layout
            .image(null, List.of(layout.layer(bottom, "gzip"), layout.layer(top, "gzip")))
            .write();
    Path out = tmp.resolve("flat.sqfs");
    OciImport.write(dir, null, out, TarImportTest.options());
    try (SquashfsImage img = SquashfsImage.open(out)) {
      assertEquals(List.of("new"), img.children(img.root()).stream().map(e -> e.name()).toList());
      assertTrue(img.root().metadata().xattrs().isEmpty());
    }
  }

  @Test
  void imagesAreChosenByRefName() throws IOException {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    String one = layout.layer(new Archive().file("which", text("one")).end().bytes(), "gzip");
    String two = layout.layer(new Archive().file("which", text("two")).end().bytes(), "gzip");
    Path dir = layout.image("v1", List.of(one)).image("v2", List.of(two)).write();
    Path out = tmp.resolve("flat.sqfs");
    OciImport.write(dir, "v2", out, TarImportTest.options());
    try (SquashfsImage img = SquashfsImage.open(out)) {
      assertArrayEquals(text("two"), content(img, "/which"));
    }
    TarFormatException none =
        assertThrows(
            TarFormatException.class,
            () -> OciImport.write(dir, null, out, TarImportTest.options()));
    assertTrue(none.getMessage().contains("2 images; name one as DIR:REF"), none.getMessage());
    TarFormatException unknown =
        assertThrows(
            TarFormatException.class,
            () -> OciImport.write(dir, "v3", out, TarImportTest.options()));
    assertTrue(
        unknown.getMessage().contains("no image named 'v3' (names: [v1, v2])"),
        unknown.getMessage());
  }

  @Test
  void aBlobThatDoesNotMatchItsDigestFailsNamingItAndLeavesNoImage() throws IOException {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    byte[] tar = new Archive().file("f", text("original content")).end().bytes();
    String layer = layout.layer(tar, "plain");
    Path dir = layout.image(null, List.of(layer)).write();
    String digest = layer.replaceAll(".*\"(sha256:[0-9a-f]+)\".*", "$1");
    Path blob = dir.resolve("blobs/sha256").resolve(digest.substring(7));
    byte[] bytes = Files.readAllBytes(blob);
    int at = new String(bytes, UTF_8).indexOf("original");
    bytes[at] = 'O'; // same size, other content: a tar that reads well
    Files.write(blob, bytes);
    Path out = tmp.resolve("flat.sqfs");
    TarFormatException e =
        assertThrows(
            TarFormatException.class,
            () -> OciImport.write(dir, null, out, TarImportTest.options()));
    assertTrue(
        e.getMessage().startsWith("blob " + digest + " does not match its digest"), e.getMessage());
    assertFalse(Files.exists(out));
    // A blob cut short: its size is wrong before anything is read.
    Files.write(blob, java.util.Arrays.copyOf(bytes, 600));
    TarFormatException cut =
        assertThrows(
            TarFormatException.class,
            () -> OciImport.write(dir, null, out, TarImportTest.options()));
    assertTrue(cut.getMessage().contains("the blob has 600 bytes"), cut.getMessage());
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(tmp.resolve("layout")), left.toList());
    }
  }

  @Test
  void malformedLayoutsAreRefused() throws IOException {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Path dir = layout.image(null, List.of()).write();
    Path out = tmp.resolve("x.sqfs");
    for (String index :
        new String[] {
          "{",
          "[]",
          "{\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"digest\":\"sha256:../../etc/passwd\",\"size\":1}]}",
          "{\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:"
              + "0".repeat(64)
              + "\",\"size\":-1}]}",
          "[".repeat(100) + "]".repeat(100),
        }) {
      Files.writeString(dir.resolve("index.json"), index);
      assertThrows(
          TarFormatException.class,
          () -> OciImport.write(dir, null, out, TarImportTest.options()),
          index);
    }
  }

  /**
   * Random stacks of layers: the flattened image is the overlay (as {@link OverlayTree} models the
   * kernel's) of the layers each converted alone with OCI whiteouts.
   */
  @Test
  void aFlattenedStackIsTheOverlayOfItsLayersConvertedOneByOne() throws IOException {
    for (long seed = 1; seed <= 200; seed++) {
      Random random = new Random(seed);
      int count = 1 + random.nextInt(4);
      List<byte[]> layers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        layers.add(randomLayer(random));
      }
      checkStack(layers, seed);
    }
  }

  private void checkStack(List<byte[]> layers, long seed) throws IOException {
    Path work = Files.createDirectories(tmp.resolve("s" + seed));
    TestLayout layout = new TestLayout(work.resolve("layout"));
    List<String> descriptors = new ArrayList<>();
    List<Tree> converted = new ArrayList<>();
    try {
      for (int i = 0; i < layers.size(); i++) {
        descriptors.add(layout.layer(layers.get(i), i % 2 == 0 ? "gzip" : "plain"));
        Path one = work.resolve("layer" + i + ".sqfs");
        TarImport.write(
            new ByteArrayInputStream(layers.get(i)),
            one,
            TarImportTest.options(),
            ArchiveOptions.oci());
        converted.add(SquashfsImage.open(one));
      }
      Path dir = layout.image(null, descriptors).write();
      Path flat = work.resolve("flat.sqfs");
      try {
        OciImport.write(dir, null, flat, TarImportTest.options());
      } catch (TarFormatException e) {
        throw new AssertionError("seed " + seed, e);
      }
      try (SquashfsImage img = SquashfsImage.open(flat);
          OverlayTree stack = OverlayTree.stack(converted, OverlayNamespace.TRUSTED)) {
        List<String> d =
            TreeAssertions.differences(
                stack, img, io.github.squashtree.fixtures.TreeComparison.strict());
        assertTrue(d.isEmpty(), "seed " + seed + ": " + d);
      }
    } finally {
      for (Tree t : converted) {
        t.close();
      }
    }
  }

  private static final String[] NAMES = {"a", "b", "c"};

  /** A layer over the names a, b, c nested three deep: files, dirs, links, whiteouts, opaques. */
  static byte[] randomLayer(Random random) {
    Archive a = new Archive();
    List<String> files = new ArrayList<>();
    int members = random.nextInt(12);
    for (int i = 0; i < members; i++) {
      StringBuilder path = new StringBuilder();
      int depth = 1 + random.nextInt(3);
      for (int d = 0; d < depth; d++) {
        path.append(d == 0 ? "" : "/").append(NAMES[random.nextInt(NAMES.length)]);
      }
      String p = path.toString();
      String parent = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "";
      // Members below a file of the same layer would fail the layer: skip those.
      if (files.stream().anyMatch(f -> p.startsWith(f + "/"))) {
        continue;
      }
      int kind = random.nextInt(8);
      if (kind == 0 || kind == 1 || kind == 3 || kind == 7) {
        files.removeIf(f -> f.startsWith(p + "/")); // replaced along with what holds them
      }
      TarWriter.Member m;
      switch (kind) {
        case 0, 1 -> {
          m = Archive.member(p, '0', 0644);
          m.mtimeSeconds = 1_000 + random.nextInt(5);
          files.add(p);
          a.file(m, text(p + " " + random.nextInt(3)));
        }
        case 2 -> {
          m = Archive.member(p + "/", '5', 0700 + random.nextInt(0100));
          m.mtimeSeconds = 2_000 + random.nextInt(5);
          files.remove(p);
          a.add(m);
        }
        case 3 -> {
          files.add(p);
          a.symlink(p, "target-" + random.nextInt(3));
        }
        case 4 -> {
          String name = NAMES[random.nextInt(NAMES.length)];
          a.file((parent.isEmpty() ? "" : parent + "/") + ".wh." + name, new byte[0]);
        }
        case 5 -> {
          // The kernel ignores an opaque root (the stack would differ; OCI's root is tested alone).
          if (!parent.isEmpty()) {
            a.file(parent + "/.wh..wh..opq", new byte[0]);
          }
        }
        case 6 -> {
          if (!files.isEmpty()) {
            String target = files.get(random.nextInt(files.size()));
            if (!target.equals(p) && !p.startsWith(target + "/") && !target.startsWith(p + "/")) {
              files.removeIf(f -> f.startsWith(p + "/"));
              files.add(p);
              a.hardLink(p, target);
            }
          }
        }
        default -> {
          TarWriter.Member fifo = Archive.member(p, '6', 0600);
          files.add(p);
          a.add(fifo);
        }
      }
    }
    return a.end().bytes();
  }
}
