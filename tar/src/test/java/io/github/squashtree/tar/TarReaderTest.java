package io.github.squashtree.tar;

import static io.github.squashtree.tar.Archive.checksum;
import static io.github.squashtree.tar.Archive.gnuHeader;
import static io.github.squashtree.tar.Archive.header;
import static io.github.squashtree.tar.Archive.padded;
import static io.github.squashtree.tar.Archive.put;
import static io.github.squashtree.tar.Archive.zeros;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.Names;
import io.github.squashtree.tar.TarEntry.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TarReaderTest {
  /** A member with its content read. */
  record Read(TarEntry entry, byte[] content) {}

  static List<Read> readAll(byte[] archive) throws IOException {
    TarReader r = new TarReader(new ByteArrayInputStream(archive));
    List<Read> out = new ArrayList<>();
    for (TarEntry e; (e = r.next()) != null; ) {
      out.add(new Read(e, e.kind() == Kind.FILE ? r.content().readAllBytes() : null));
    }
    return out;
  }

  static TarFormatException failure(byte[] archive) {
    return assertThrows(TarFormatException.class, () -> readAll(archive));
  }

  private static PaxRecords.Record rec(String key, String value) {
    return new PaxRecords.Record(key, value.getBytes(ISO_8859_1));
  }

  @Test
  void everyKindOfMemberWithItsFields() throws IOException {
    TarWriter.Member dev = Archive.member("dev/sda", '4', 0660);
    dev.devMajor = 8;
    dev.devMinor = 1;
    dev.uid = 0;
    dev.gid = 6;
    TarWriter.Member tty = Archive.member("dev/tty", '3', 0620);
    tty.devMajor = 4095;
    tty.devMinor = 1048575;
    TarWriter.Member file = Archive.member("etc/passwd", '0', 04755);
    file.uid = 1000;
    file.gid = 100;
    file.mtimeSeconds = 1_234_567_890L;
    byte[] archive =
        new Archive()
            .dir("etc/")
            .file(file, "root:x:0:0\n".getBytes(UTF_8))
            .symlink("etc/link", "passwd")
            .hardLink("etc/hard", "etc/passwd")
            .add(dev)
            .add(tty)
            .add(Archive.member("run/fifo", '6', 0600))
            .end()
            .bytes();
    List<Read> all = readAll(archive);
    assertEquals(7, all.size());
    TarEntry dir = all.get(0).entry();
    assertEquals(Kind.DIRECTORY, dir.kind());
    assertEquals(0755, dir.permissions());
    TarEntry f = all.get(1).entry();
    assertEquals(Kind.FILE, f.kind());
    assertEquals(04755, f.permissions());
    assertEquals(1000, f.uid());
    assertEquals(100, f.gid());
    assertEquals(1_234_567_890L, f.mtimeSeconds());
    assertEquals(11, f.size());
    assertArrayEquals("root:x:0:0\n".getBytes(UTF_8), all.get(1).content());
    assertEquals(Kind.SYMLINK, all.get(2).entry().kind());
    assertArrayEquals("passwd".getBytes(UTF_8), all.get(2).entry().link());
    assertEquals(Kind.HARD_LINK, all.get(3).entry().kind());
    assertArrayEquals("etc/passwd".getBytes(UTF_8), all.get(3).entry().link());
    assertEquals(Kind.BLOCK_DEVICE, all.get(4).entry().kind());
    assertEquals(8, all.get(4).entry().devMajor());
    assertEquals(1, all.get(4).entry().devMinor());
    assertEquals(6, all.get(4).entry().gid());
    assertEquals(4095, all.get(5).entry().devMajor());
    assertEquals(1048575, all.get(5).entry().devMinor());
    assertEquals(Kind.FIFO, all.get(6).entry().kind());
  }

  @Test
  void paxRecordsCarryWhatUstarCannot() throws IOException {
    String longName = "d/" + "n".repeat(300);
    byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9};
    TarWriter.Member m = Archive.member(longName, '0', 0644);
    m.uid = 5_000_000_000L / 2; // above ustar's 7 octal digits
    m.gid = 4_294_967_295L;
    m.mtimeSeconds = -2;
    m.mtimeNanos = 500_000_000;
    TarWriter.Member link = Archive.member("l", '2', 0777);
    link.link = ("t/" + "x".repeat(200)).getBytes(UTF_8);
    TarWriter.Member raw = Archive.member("x", '0', 0644);
    raw.name = latin1;
    List<Read> all =
        readAll(new Archive().file(m, new byte[3]).add(link).file(raw, new byte[0]).end().bytes());
    TarEntry e = all.get(0).entry();
    assertEquals(longName, new String(e.name(), UTF_8));
    assertEquals(2_500_000_000L, e.uid());
    assertEquals(4_294_967_295L, e.gid());
    assertEquals(-2, e.mtimeSeconds());
    assertEquals(500_000_000, e.mtimeNanos());
    assertArrayEquals(link.link, all.get(1).entry().link());
    assertArrayEquals(latin1, all.get(2).entry().name());
  }

  @Test
  void paxTimesKeepTheirFractionAndSign() throws TarFormatException {
    assertArrayEquals(
        new long[] {1796680561, 599922750},
        TarNumbers.time("1796680561.59992275".getBytes(ISO_8859_1), "mtime"));
    assertArrayEquals(
        new long[] {-2, 500_000_000}, TarNumbers.time("-1.5".getBytes(ISO_8859_1), "t"));
    assertArrayEquals(
        new long[] {7, 123456789}, TarNumbers.time("7.1234567891".getBytes(ISO_8859_1), "t"));
    assertThrows(TarFormatException.class, () -> TarNumbers.time("1.2x".getBytes(ISO_8859_1), "t"));
    assertThrows(TarFormatException.class, () -> TarNumbers.time("".getBytes(ISO_8859_1), "t"));
  }

  @Test
  void gnuLongNamesAndBase256Numbers() throws IOException {
    String longName = "dir/" + "a".repeat(150) + "/file";
    String longLink = "target/" + "b".repeat(120);
    byte[] nameData = (longName + "\0").getBytes(UTF_8);
    byte[] linkData = (longLink + "\0").getBytes(UTF_8);
    byte[] h = gnuHeader("ignored", '2', "00000000000\0");
    // uid 2^33 and a negative mtime (-1000) in base-256.
    byte[] uid = new byte[8];
    uid[0] = (byte) 0x80;
    uid[3] = 2;
    put(h, 108, uid);
    byte[] mtime = new byte[12];
    Arrays.fill(mtime, (byte) 0xFF);
    mtime[10] = (byte) 0xFC;
    mtime[11] = (byte) 0x18;
    put(h, 136, mtime);
    checksum(h);
    byte[] archive =
        new Archive()
            .raw(gnuHeader("././@LongLink", 'L', String.format("%011o\0", nameData.length)))
            .raw(padded(nameData))
            .raw(gnuHeader("././@LongLink", 'K', String.format("%011o\0", linkData.length)))
            .raw(padded(linkData))
            .raw(h)
            .raw(zeros(2))
            .bytes();
    // uid 2^33 is beyond 32 bits: refused, naming the long name.
    TarFormatException e = failure(archive);
    assertTrue(
        e.getMessage().startsWith(longName + " (at byte 0): owner 8589934592"), e.getMessage());
    uid[3] = 0;
    uid[4] = 1; // 2^24
    put(h, 108, uid);
    checksum(h);
    archive =
        new Archive()
            .raw(gnuHeader("././@LongLink", 'L', String.format("%011o\0", nameData.length)))
            .raw(padded(nameData))
            .raw(gnuHeader("././@LongLink", 'K', String.format("%011o\0", linkData.length)))
            .raw(padded(linkData))
            .raw(h)
            .raw(zeros(2))
            .bytes();
    TarEntry t = readAll(archive).get(0).entry();
    assertEquals(longName, new String(t.name(), UTF_8));
    assertEquals(longLink, new String(t.link(), UTF_8));
    assertEquals(1 << 24, t.uid());
    assertEquals(-1000, t.mtimeSeconds());
  }

  @Test
  void globalHeadersApplyToTheMembersAfterThemUntilUnset() throws IOException {
    byte[] global = TarWriter.encode(List.of(rec("uid", "4242"), rec("SCHILY.xattr.user.g", "v")));
    byte[] unset = TarWriter.encode(List.of(rec("uid", "")));
    byte[] archive =
        new Archive()
            .raw(header("g", 'g', String.format("%011o\0", global.length)))
            .raw(padded(global))
            .file("a", new byte[0])
            .raw(header("g", 'g', String.format("%011o\0", unset.length)))
            .raw(padded(unset))
            .file("b", new byte[0])
            .end()
            .bytes();
    List<Read> all = readAll(archive);
    assertEquals(4242, all.get(0).entry().uid());
    assertArrayEquals("v".getBytes(UTF_8), all.get(0).entry().xattrs().get("user.g"));
    assertEquals(0, all.get(1).entry().uid());
    assertArrayEquals("v".getBytes(UTF_8), all.get(1).entry().xattrs().get("user.g"));
  }

  @Test
  void xattrsOfEveryWriterKeepTheirBytes() throws IOException {
    byte[] binary = {0, (byte) 0xFF, 1, '\n', '='};
    byte[] nameBytes = {'u', 's', 'e', 'r', '.', 'c', 'a', 'f', (byte) 0xE9};
    List<PaxRecords.Record> records =
        List.of(
            new PaxRecords.Record("SCHILY.xattr.security.capability", binary),
            new PaxRecords.Record("SCHILY.xattr." + new String(nameBytes, ISO_8859_1), new byte[0]),
            rec(
                "LIBARCHIVE.xattr.user.sp%20ace",
                Base64.getEncoder().withoutPadding().encodeToString(binary)),
            rec("RHT.security.selinux", "system_u:object_r:bin_t:s0"));
    byte[] archive =
        new Archive().withPax(Archive.member("f", '0', 0644), new byte[0], records).end().bytes();
    TarEntry e = readAll(archive).get(0).entry();
    assertArrayEquals(binary, e.xattrs().get("security.capability"));
    assertArrayEquals(new byte[0], e.xattrs().get(Names.decode(nameBytes)));
    assertArrayEquals(binary, e.xattrs().get("user.sp ace"));
    assertArrayEquals(
        "system_u:object_r:bin_t:s0".getBytes(UTF_8), e.xattrs().get("security.selinux"));
  }

  @Test
  void xattrNamesAsGnuTarAndLibarchiveEncodeThem() throws IOException {
    // GNU tar writes '%' and '=' as %25 and %3D; libarchive writes every attribute twice, with
    // its name %-encoded in both records: one attribute, not two.
    List<PaxRecords.Record> records =
        List.of(
            rec("SCHILY.xattr.user.a%3Db%25c", "gnu"),
            rec("LIBARCHIVE.xattr.user.caf%E9", Base64.getEncoder().encodeToString(text("bsd"))),
            rec("SCHILY.xattr.user.caf%E9", "bsd"));
    byte[] archive =
        new Archive().withPax(Archive.member("f", '0', 0644), new byte[0], records).end().bytes();
    TarEntry e = readAll(archive).get(0).entry();
    assertEquals(2, e.xattrs().size(), e.xattrs().keySet().toString());
    assertArrayEquals(text("gnu"), e.xattrs().get("user.a=b%c"));
    assertArrayEquals(
        text("bsd"),
        e.xattrs()
            .get(Names.decode(new byte[] {'u', 's', 'e', 'r', '.', 'c', 'a', 'f', (byte) 0xE9})));
  }

  private static byte[] text(String s) {
    return s.getBytes(UTF_8);
  }

  /** 300,000 bytes: data at 147,456 (4096 bytes of 'x'), holes around it. */
  private static byte[] expectedSparse() {
    byte[] b = new byte[300_000];
    Arrays.fill(b, 147_456, 147_456 + 4096, (byte) 'x');
    return b;
  }

  @Test
  void gnuOldSparseWithExtensionBlocks() throws IOException {
    // Five regions: four in the header, one in an extension block; all but one empty.
    byte[] h = gnuHeader("sparse", 'S', String.format("%011o\0", 4096));
    long[][] regions = {{0, 0}, {10, 0}, {20, 0}, {147_456, 4096}, {300_000, 0}};
    for (int i = 0; i < 4; i++) {
      put(h, 386 + 24 * i, String.format("%011o\0", regions[i][0]));
      put(h, 386 + 24 * i + 12, String.format("%011o\0", regions[i][1]));
    }
    h[482] = 1;
    put(h, 483, String.format("%011o\0", 300_000));
    checksum(h);
    byte[] ext = new byte[512];
    put(ext, 0, String.format("%011o\0", regions[4][0]));
    put(ext, 12, String.format("%011o\0", regions[4][1]));
    byte[] data = new byte[4096];
    Arrays.fill(data, (byte) 'x');
    byte[] archive = new Archive().raw(h).raw(ext).raw(data).raw(zeros(2)).bytes();
    Read r = readAll(archive).get(0);
    assertEquals(300_000, r.entry().size());
    assertArrayEquals(expectedSparse(), r.content());
  }

  @Test
  void paxSparseFormats00And01And10() throws IOException {
    byte[] data = new byte[4096];
    Arrays.fill(data, (byte) 'x');
    TarWriter.Member v00 = Archive.member("s00", '0', 0644);
    List<PaxRecords.Record> r00 =
        List.of(
            rec("GNU.sparse.size", "300000"),
            rec("GNU.sparse.numblocks", "2"),
            rec("GNU.sparse.offset", "147456"),
            rec("GNU.sparse.numbytes", "4096"),
            rec("GNU.sparse.offset", "300000"),
            rec("GNU.sparse.numbytes", "0"));
    TarWriter.Member v01 = Archive.member("GNUSparseFile.1/s01", '0', 0644);
    List<PaxRecords.Record> r01 =
        List.of(
            rec("GNU.sparse.size", "300000"),
            rec("GNU.sparse.name", "s01"),
            rec("GNU.sparse.map", "147456,4096,300000,0"));
    byte[] map = padded("2\n147456\n4096\n300000\n0\n".getBytes(UTF_8));
    byte[] v10data = Arrays.copyOf(map, map.length + 4096);
    System.arraycopy(data, 0, v10data, map.length, 4096);
    TarWriter.Member v10 = Archive.member("GNUSparseFile.1/s10", '0', 0644);
    List<PaxRecords.Record> r10 =
        List.of(
            rec("GNU.sparse.major", "1"),
            rec("GNU.sparse.minor", "0"),
            rec("GNU.sparse.name", "s10"),
            rec("GNU.sparse.realsize", "300000"));
    byte[] archive =
        new Archive()
            .withPax(v00, data, r00)
            .withPax(v01, data, r01)
            .withPax(v10, v10data, r10)
            .file("after", "end".getBytes(UTF_8))
            .end()
            .bytes();
    List<Read> all = readAll(archive);
    for (int i = 0; i < 3; i++) {
      assertEquals(
          List.of("s00", "s01", "s10").get(i), new String(all.get(i).entry().name(), UTF_8));
      assertEquals(300_000, all.get(i).entry().size());
      assertArrayEquals(expectedSparse(), all.get(i).content(), "member " + i);
    }
    assertArrayEquals("end".getBytes(UTF_8), all.get(3).content());
  }

  @Test
  void membersNotReadAreSkipped() throws IOException {
    byte[] archive =
        new Archive().file("a", new byte[2000]).file("b", "bee".getBytes(UTF_8)).end().bytes();
    TarReader r = new TarReader(new ByteArrayInputStream(archive));
    r.next();
    assertEquals(5, r.content().read(new byte[5]));
    TarEntry b = r.next();
    assertArrayEquals("bee".getBytes(UTF_8), r.content().readAllBytes());
    assertEquals("b", new String(b.name(), UTF_8));
    assertNull(r.next());
  }

  // --- bad archives ---------------------------------------------------------------------------

  @Test
  void anEmptyOrShortInputIsNoArchive() {
    assertTrue(failure(new byte[0]).getMessage().contains("empty"));
    assertTrue(failure(new byte[100]).getMessage().contains("not a tar archive"));
  }

  @Test
  void aBadChecksumIsNoHeader() {
    byte[] h = header("f", '0', "00000000000\0");
    h[0] = 'g';
    assertTrue(
        failure(new Archive().raw(h).raw(zeros(2)).bytes())
            .getMessage()
            .contains("header at byte 0: not a tar header (bad checksum)"));
  }

  @Test
  void aTruncatedArchiveIsAnError() {
    byte[] whole = new Archive().file("big", new byte[5000]).end().bytes();
    String cut = failure(Arrays.copyOf(whole, 512 + 3000)).getMessage();
    assertTrue(cut.startsWith("big (at byte 0): truncated"), cut);
    String noEnd = failure(Arrays.copyOf(whole, whole.length - 1024)).getMessage();
    assertTrue(noEnd.contains("end marker is missing"), noEnd);
    String mid = failure(Arrays.copyOf(whole, 512 + 5120 + 100)).getMessage();
    assertTrue(mid.contains("a header is cut short"), mid);
  }

  @Test
  void aSizePastTheEndIsAnError() {
    byte[] archive =
        new Archive().raw(header("f", '0', "77777777777\0")).raw(new byte[1024]).bytes();
    String m = failure(archive).getMessage();
    assertTrue(m.startsWith("f (at byte 0): truncated"), m);
  }

  @Test
  void extendedHeadersAboveTheLimitAreRefusedBeforeTheyAreRead() {
    String size = String.format("%011o\0", TarReader.MAX_EXTENDED + 1);
    for (char type : new char[] {'x', 'g', 'L', 'K'}) {
      // The header claims more than the limit and the archive holds nothing of it.
      byte[] archive = new Archive().raw(header("h", type, size)).bytes();
      String m = failure(archive).getMessage();
      assertTrue(m.contains("above the limit"), type + ": " + m);
    }
  }

  @Test
  void malformedPaxRecordsAreRefused() {
    for (String records :
        new String[] {
          "99 path=x\n", "5 a\n", "x path=y\n", "11 path=abc", "6 =ab\n", "0 a=b\n", "8 path=\n\n"
        }) {
      byte[] data = records.getBytes(ISO_8859_1);
      byte[] archive =
          new Archive()
              .raw(header("p", 'x', String.format("%011o\0", data.length)))
              .raw(padded(data))
              .file("f", new byte[0])
              .end()
              .bytes();
      assertThrows(TarFormatException.class, () -> readAll(archive), records);
    }
  }

  @Test
  void unsupportedTypesAndBadFieldsAreRefused() {
    assertTrue(
        failure(new Archive().raw(header("m", 'M', "00000000000\0")).raw(zeros(2)).bytes())
            .getMessage()
            .contains("unsupported member type 'M'"));
    byte[] negative = header("n", '0', "00000000000\0");
    byte[] size = new byte[12];
    Arrays.fill(size, (byte) 0xFF);
    put(negative, 124, size);
    checksum(negative);
    assertTrue(
        failure(new Archive().raw(negative).raw(zeros(2)).bytes())
            .getMessage()
            .contains("negative size"));
    byte[] notOctal = header("o", '0', "0000000008 \0");
    assertTrue(
        failure(new Archive().raw(notOctal).raw(zeros(2)).bytes())
            .getMessage()
            .contains("not a number"));
    TarWriter.Member dev = Archive.member("dev", '3', 0600);
    dev.devMajor = 4096;
    assertTrue(
        failure(new Archive().add(dev).end().bytes())
            .getMessage()
            .contains("beyond what SquashFS stores"));
  }

  @Test
  void sparseMapsThatDoNotFitAreRefused() {
    byte[] data = new byte[4096];
    String[][] maps = {
      {"300000", "147456,4096,0,0"}, // out of order
      {"300000", "147456,4000"}, // holds less than stored
      {"100000", "147456,4096"}, // past the end of the file
      {"300000", "1,2,3"}, // odd count
      {"300000", "-1,4096"}, // not a number
    };
    for (String[] m : maps) {
      List<PaxRecords.Record> r =
          List.of(rec("GNU.sparse.size", m[0]), rec("GNU.sparse.map", m[1]));
      byte[] archive = new Archive().withPax(Archive.member("s", '0', 0644), data, r).end().bytes();
      assertThrows(TarFormatException.class, () -> readAll(archive), m[1]);
    }
    // A 1.0 map that claims more regions than allowed: refused before any is read.
    byte[] map = padded(((SparseMap.MAX_REGIONS + 1) + "\n").getBytes(UTF_8));
    List<PaxRecords.Record> r10 =
        List.of(
            rec("GNU.sparse.major", "1"),
            rec("GNU.sparse.minor", "0"),
            rec("GNU.sparse.realsize", "10"));
    byte[] archive = new Archive().withPax(Archive.member("s", '0', 0644), map, r10).end().bytes();
    assertTrue(failure(archive).getMessage().contains("sparse regions"));
    // A sparse file claiming more than the size limit.
    List<PaxRecords.Record> huge =
        List.of(
            rec("GNU.sparse.size", Long.toString(TarReader.MAX_FILE_SIZE + 1)),
            rec("GNU.sparse.map", "0,0"));
    byte[] big =
        new Archive().withPax(Archive.member("s", '0', 0644), new byte[0], huge).end().bytes();
    assertTrue(failure(big).getMessage().contains("above the limit"));
  }

  @Test
  void anExtendedHeaderMustHaveItsMember() {
    byte[] data = TarWriter.encode(List.of(rec("path", "x")));
    byte[] archive =
        new Archive()
            .raw(header("p", 'x', String.format("%011o\0", data.length)))
            .raw(padded(data))
            .raw(zeros(2))
            .bytes();
    assertTrue(failure(archive).getMessage().contains("followed by the end of the archive"));
  }
}
