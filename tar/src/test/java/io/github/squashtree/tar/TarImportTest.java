package io.github.squashtree.tar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.overlay.OverlayNamespace;
import io.github.squashtree.overlay.WhiteoutStyle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class TarImportTest {
  @TempDir Path tmp;

  static WriterOptions options() {
    return WriterOptions.defaults().withBlockSize(4096).withProcessors(2);
  }

  Path image(byte[] archive, ArchiveOptions a) throws IOException {
    Path out = tmp.resolve("out.sqfs");
    TarImport.write(new ByteArrayInputStream(archive), out, options(), a);
    return out;
  }

  static byte[] content(SquashfsImage img, String path) throws IOException {
    try (InputStream in = img.open(img.lookup(path).orElseThrow())) {
      return in.readAllBytes();
    }
  }

  static Metadata md(SquashfsImage img, String path) throws IOException {
    return img.lookup(path).orElseThrow(() -> new AssertionError("no " + path)).metadata();
  }

  @Test
  void membersApplyInArchiveOrderAsTarExtractsThem() throws IOException {
    TarWriter.Member root = Archive.member("./", '5', 0700);
    root.uid = 7;
    TarWriter.Member redo = Archive.member("d/", '5', 0750);
    redo.mtimeSeconds = 1_800_000_000L;
    byte[] archive =
        new Archive()
            .file("./a//b/file", "first".getBytes(UTF_8)) // a and a/b implied
            .file("a/b/file", "second".getBytes(UTF_8)) // replaces it
            .dir("d/")
            .file("d/kept", new byte[] {1})
            .add(redo) // a directory again: new metadata, children kept
            .dir("x/")
            .file("x/gone", new byte[] {2})
            .file("x", "now a file".getBytes(UTF_8)) // replaces the directory and all in it
            .add(root)
            .end()
            .bytes();
    try (SquashfsImage img = SquashfsImage.open(image(archive, ArchiveOptions.plain()))) {
      assertArrayEquals("second".getBytes(UTF_8), content(img, "/a/b/file"));
      Metadata implied = md(img, "/a");
      assertEquals(0755, implied.permissions());
      assertEquals(0, implied.uid());
      assertEquals(Instant.EPOCH, implied.mtime());
      assertEquals(0750, md(img, "/d").permissions());
      assertEquals(1_800_000_000L, md(img, "/d").mtime().getEpochSecond());
      assertTrue(img.lookup("/d/kept").isPresent());
      assertEquals(EntryType.FILE, md(img, "/x").type());
      assertArrayEquals("now a file".getBytes(UTF_8), content(img, "/x"));
      assertEquals(0700, img.root().metadata().permissions());
      assertEquals(7, img.root().metadata().uid());
    }
  }

  @Test
  void hardLinksShareTheirTargetsInode() throws IOException {
    byte[] archive =
        new Archive()
            .file("f", "shared".getBytes(UTF_8))
            .hardLink("g", "f")
            .hardLink("./h", "./f")
            .file("old", "old".getBytes(UTF_8))
            .hardLink("keeps-old", "old")
            .file("old", "new".getBytes(UTF_8)) // a new file: the link keeps the old inode
            .symlink("s", "f")
            .hardLink("s2", "s") // a second name of a symlink
            .end()
            .bytes();
    try (SquashfsImage img = SquashfsImage.open(image(archive, ArchiveOptions.plain()))) {
      Metadata f = md(img, "/f");
      assertEquals(3, f.nlink());
      assertEquals(f.linkKey(), md(img, "/g").linkKey());
      assertEquals(f.linkKey(), md(img, "/h").linkKey());
      assertArrayEquals("old".getBytes(UTF_8), content(img, "/keeps-old"));
      assertArrayEquals("new".getBytes(UTF_8), content(img, "/old"));
      assertEquals(1, md(img, "/old").nlink());
      assertEquals(1, md(img, "/keeps-old").nlink());
      assertEquals(EntryType.SYMLINK, md(img, "/s2").type());
      assertEquals(md(img, "/s").linkKey(), md(img, "/s2").linkKey());
    }
  }

  @Test
  void unsafeOrBrokenArchivesFailNamingTheMemberAndLeaveNoImage() throws IOException {
    Map<String, byte[]> bad =
        Map.of(
            "../etc/passwd (at byte 0): name with a '..' component",
            new Archive().file("../etc/passwd", new byte[1]).end().bytes(),
            "a/../../b (at byte 0): name with a '..' component",
            new Archive().file("a/../../b", new byte[1]).end().bytes(),
            "/etc/shadow (at byte 0): absolute name",
            new Archive().file("/etc/shadow", new byte[1]).end().bytes(),
            "link (at byte 0): hard link to /later, which no earlier member is",
            new Archive().hardLink("link", "later").file("later", new byte[1]).end().bytes(),
            "link (at byte 0): hard link to /missing, which no earlier member is",
            new Archive().hardLink("link", "missing").end().bytes(),
            "link (at byte 512): hard link to the directory /d",
            new Archive().dir("d/").hardLink("link", "d").end().bytes(),
            "link (at byte 0): hard link target with a '..' component",
            new Archive().hardLink("link", "../x").end().bytes(),
            "f/g (at byte 1024): /f is not a directory in the archive",
            new Archive().file("f", new byte[1]).file("f/g", new byte[1]).end().bytes(),
            "f (at byte 0): truncated",
            java.util.Arrays.copyOf(new Archive().file("f", new byte[9000]).end().bytes(), 4000));
    for (Map.Entry<String, byte[]> c : bad.entrySet()) {
      Path out = tmp.resolve("bad.sqfs");
      Files.writeString(out, "kept");
      TarFormatException e =
          assertThrows(
              TarFormatException.class,
              () ->
                  TarImport.write(
                      new ByteArrayInputStream(c.getValue()),
                      out,
                      options(),
                      ArchiveOptions.plain()),
              c.getKey());
      assertTrue(e.getMessage().startsWith(c.getKey()), e.getMessage() + " / " + c.getKey());
      assertEquals("kept", Files.readString(out));
      try (Stream<Path> left = Files.list(tmp)) {
        assertEquals(List.of(out), left.toList(), c.getKey());
      }
    }
  }

  @Test
  void theSameArchiveGivesTheSameBytesAtAnyThreadCountAndCompression() throws IOException {
    Archive a = new Archive();
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 40; i++) {
      byte[] b = new byte[random.nextInt(20_000)];
      random.nextBytes(b);
      a.file("dir" + (i % 3) + "/f" + i, i % 7 == 0 ? new byte[b.length] : b);
    }
    byte[] archive = a.end().bytes();
    byte[] first = null;
    for (int threads : new int[] {1, 3}) {
      for (String codec : new String[] {"plain", "gzip", "xz", "zstd"}) {
        Path out = tmp.resolve(threads + codec + ".sqfs");
        TarImport.write(
            new ByteArrayInputStream(compress(archive, codec)),
            out,
            options().withProcessors(threads).withMkfsTime(OptionalLong.of(0)),
            ArchiveOptions.plain());
        byte[] bytes = Files.readAllBytes(out);
        if (first == null) {
          first = bytes;
        } else {
          assertArrayEquals(first, bytes, threads + " threads, " + codec);
        }
      }
    }
  }

  static byte[] compress(byte[] b, String codec) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStream c =
        switch (codec) {
          case "gzip" -> new GZIPOutputStream(out);
          case "xz" -> new XZOutputStream(out, new LZMA2Options());
          case "zstd" -> new ZstdOutputStream(out);
          default -> out;
        };
    c.write(b);
    c.close();
    return out.toByteArray();
  }

  @Test
  void aCorruptOrTruncatedCompressedArchiveIsABadArchive() throws IOException {
    byte[] archive = new Archive().file("f", new byte[50_000]).end().bytes();
    for (String codec : new String[] {"gzip", "xz", "zstd"}) {
      byte[] c = compress(archive, codec);
      byte[] cut = java.util.Arrays.copyOf(c, c.length / 2);
      TarFormatException e =
          assertThrows(TarFormatException.class, () -> image(cut, ArchiveOptions.plain()), codec);
      assertTrue(e.getMessage().contains(codec), e.getMessage());
      byte[] flipped = c.clone();
      flipped[flipped.length / 2] ^= 0x55;
      assertThrows(TarFormatException.class, () -> image(flipped, ArchiveOptions.plain()), codec);
    }
  }

  @Test
  void ociWhiteoutsBecomeOverlayWhiteoutsAndOpaqueMarks() throws IOException {
    TarWriter.Member dir = Archive.member("etc/", '5', 0755);
    dir.mtimeSeconds = 1_600_000_000L;
    byte[] archive =
        new Archive()
            .add(dir)
            .file("etc/.wh.motd", new byte[0])
            .file("etc/.wh..wh..opq", new byte[0])
            .dir("var/")
            .file("var/.wh.cache", new byte[0])
            .file("usr/.wh.lib", new byte[0])
            .dir("usr/lib/") // deleted below, made anew: opaque
            .file(".wh..wh.plnk", new byte[0]) // AUFS bookkeeping: ignored
            .end()
            .bytes();
    try (SquashfsImage img = SquashfsImage.open(image(archive, ArchiveOptions.oci()))) {
      Metadata w = md(img, "/etc/motd");
      assertEquals(EntryType.CHAR_DEVICE, w.type());
      assertEquals(0, w.rdevMajor());
      assertEquals(0, w.rdevMinor());
      assertEquals(0, w.permissions());
      assertEquals(1_600_000_000L, w.mtime().getEpochSecond());
      assertArrayEquals(new byte[] {'y'}, md(img, "/etc").xattrs().get("trusted.overlay.opaque"));
      assertFalse(md(img, "/var").xattrs().containsKey("trusted.overlay.opaque"));
      assertArrayEquals(
          new byte[] {'y'}, md(img, "/usr/lib").xattrs().get("trusted.overlay.opaque"));
      assertFalse(img.lookup("/.wh..wh.plnk").isPresent());
      assertFalse(img.lookup("/etc/.wh.motd").isPresent());
    }
    ArchiveOptions xattr =
        ArchiveOptions.oci()
            .withWhiteouts(WhiteoutStyle.XATTR)
            .withNamespace(OverlayNamespace.USER);
    try (SquashfsImage img = SquashfsImage.open(image(archive, xattr))) {
      Metadata w = md(img, "/var/cache");
      assertEquals(EntryType.FILE, w.type());
      assertEquals(0, w.size());
      assertTrue(w.xattrs().containsKey("trusted.overlay.whiteout"));
      assertTrue(w.xattrs().containsKey("user.overlay.whiteout"));
      assertArrayEquals(new byte[] {'x'}, md(img, "/var").xattrs().get("user.overlay.opaque"));
      assertArrayEquals(new byte[] {'y'}, md(img, "/etc").xattrs().get("user.overlay.opaque"));
    }
    // Without --oci-whiteouts they are names like any other.
    try (SquashfsImage img = SquashfsImage.open(image(archive, ArchiveOptions.plain()))) {
      assertTrue(img.lookup("/etc/.wh.motd").isPresent());
      assertTrue(img.lookup("/etc/.wh..wh..opq").isPresent());
    }
  }

  @Test
  void overlayMarksAnArchiveCarriesAreLeftOutOfALayerWithAWarning() throws IOException {
    TarWriter.Member dir = Archive.member("d/", '5', 0755);
    dir.extra.add(new PaxRecords.Record("SCHILY.xattr.trusted.overlay.opaque", new byte[] {'y'}));
    dir.extra.add(new PaxRecords.Record("SCHILY.xattr.user.keep", new byte[] {'k'}));
    byte[] archive = new Archive().add(dir).end().bytes();
    List<String> warnings = new java.util.ArrayList<>();
    Path out = tmp.resolve("marks.sqfs");
    TarImport.write(
        new ByteArrayInputStream(archive),
        out,
        options(),
        ArchiveOptions.oci(),
        new io.github.squashtree.core.write.WriteListener() {
          @Override
          public void warning(String message) {
            warnings.add(message);
          }
        },
        TreeEdit.NONE);
    try (SquashfsImage img = SquashfsImage.open(out)) {
      assertEquals(java.util.Set.of("user.keep"), md(img, "/d").xattrs().keySet());
    }
    assertEquals(
        List.of(
            "d/: trusted.overlay.opaque left out (an OCI layer says deletions with .wh. names)"),
        warnings);
    // A plain archive keeps them: they are data there.
    try (SquashfsImage img = SquashfsImage.open(image(archive, ArchiveOptions.plain()))) {
      assertTrue(md(img, "/d").xattrs().containsKey("trusted.overlay.opaque"));
    }
  }

  @Test
  void aTinyArchiveOfATerabyteOfHolesIsWrittenWithoutReadingThem() throws IOException {
    long size = TarReader.MAX_FILE_SIZE;
    byte[] map = Archive.padded(("1\n" + (size - 1) + "\n1\n").getBytes(UTF_8));
    byte[] data = java.util.Arrays.copyOf(map, map.length + 1);
    data[map.length] = 7;
    List<PaxRecords.Record> sparse =
        List.of(
            new PaxRecords.Record("GNU.sparse.major", "1".getBytes(UTF_8)),
            new PaxRecords.Record("GNU.sparse.minor", "0".getBytes(UTF_8)),
            new PaxRecords.Record("GNU.sparse.realsize", Long.toString(size).getBytes(UTF_8)));
    byte[] archive =
        new Archive().withPax(Archive.member("holes", '0', 0644), data, sparse).end().bytes();
    assertTrue(archive.length < 5000);
    Path out = tmp.resolve("holes.sqfs");
    long start = System.nanoTime();
    TarImport.write(
        new ByteArrayInputStream(archive),
        out,
        WriterOptions.defaults().withProcessors(2),
        ArchiveOptions.plain());
    assertTrue(System.nanoTime() - start < 60_000_000_000L);
    try (SquashfsImage img = SquashfsImage.open(out)) {
      Entry holes = img.lookup("/holes").orElseThrow();
      assertEquals(size, holes.metadata().size());
      byte[] last = new byte[1];
      img.read(holes, size - 1, last, 0, 1);
      assertEquals(7, last[0]);
    }
  }

  @Test
  void aDeviceWhiteoutInALayerArchiveIsRefused() {
    TarWriter.Member dev = Archive.member("x", '3', 0);
    byte[] archive = new Archive().add(dev).end().bytes();
    TarFormatException e =
        assertThrows(TarFormatException.class, () -> image(archive, ArchiveOptions.oci()));
    assertTrue(e.getMessage().contains("would be a whiteout"), e.getMessage());
  }

  @Test
  void contentStreamsWithoutASpoolAndDuplicatesAreStoredOnce() throws IOException {
    byte[] big = new byte[50_000];
    new java.util.Random(1).nextBytes(big);
    byte[] archive =
        new Archive().file("a", big).file("b", big).file("c", new byte[10]).end().bytes();
    Path out = tmp.resolve("dups.sqfs");
    WriteResult r =
        TarImport.write(new ByteArrayInputStream(archive), out, options(), ArchiveOptions.plain());
    assertEquals(1, r.duplicateFiles());
    assertEquals(3, r.files());
    try (SquashfsImage img = SquashfsImage.open(out)) {
      assertArrayEquals(big, content(img, "/b"));
      List<Entry> children = img.children(img.root());
      assertEquals(List.of("a", "b", "c"), children.stream().map(Entry::name).toList());
    }
    assertNotEquals(0, Files.size(out));
    assertTrue(Files.size(out) < big.length * 2, "one copy stored: " + Files.size(out));
  }
}
