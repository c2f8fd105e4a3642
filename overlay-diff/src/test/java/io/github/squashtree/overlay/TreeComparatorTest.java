package io.github.squashtree.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TreeComparatorTest {
  private static final CompareOptions QUICK = CompareOptions.defaults().withThreads(1);
  private static final CompareOptions CHECKSUM = QUICK.withChecksum(true);

  /** A small base tree; {@code change} edits it before it is built. */
  private static InMemoryTree base(UnaryOperator<InMemoryTree.Builder> change) {
    InMemoryTree.Builder b =
        InMemoryTree.builder()
            .file("/etc/hostname", "box\n")
            .file("/etc/passwd", "root:x:0:0\n")
            .symlink("/etc/localtime", "/usr/share/zoneinfo/UTC")
            .file("/usr/bin/sh", "#!elf")
            .file("/usr/lib/a", "a")
            .file("/usr/lib/b", "b")
            .dir("/var/empty")
            .device("/dev/null", EntryType.CHAR_DEVICE, 1, 3)
            .edit("/etc/hostname", m -> m.mtime(Instant.ofEpochSecond(10, 300_000_000)));
    return change.apply(b).build();
  }

  private static List<String> summary(Tree before, Tree after, CompareOptions o)
      throws IOException {
    return TreeComparator.compare(before, after, o).stream()
        .map(c -> c.kind().label() + " " + c.path() + " " + labels(c.fields()))
        .toList();
  }

  private static String labels(Set<ChangeField> fields) {
    return Arrays.toString(fields.stream().map(ChangeField::label).toArray());
  }

  @Test
  void equalTreesHaveNoChanges() throws IOException {
    assertTrue(TreeComparator.compare(base(b -> b), base(b -> b), CHECKSUM).isEmpty());
  }

  @Test
  void eachKindInPathOrder() throws IOException {
    Tree before = base(b -> b);
    Tree after =
        base(
            b ->
                b.file("/etc/new", "n")
                    .edit("/etc/passwd", m -> m.permissions(0600))
                    .symlink("/usr/lib/c", "a")
                    .edit("/etc/localtime", m -> m.symlinkTarget("/usr/share/zoneinfo/CET"))
                    .edit("/dev/null", m -> m.rdev(1, 5)));
    assertEquals(
        List.of(
            "metadata /dev/null [rdev]",
            "metadata /etc/localtime [target]",
            "add /etc/new []",
            "metadata /etc/passwd [mode]",
            "add /usr/lib/c []"),
        summary(before, after, QUICK));
  }

  @Test
  void contentChangeOfSizeIsModify() throws IOException {
    Tree after = base(b -> b.file("/usr/bin/zsh", "z"));
    Tree longer = InMemoryTree.builder().file("/f", "one").build();
    Tree shorter = InMemoryTree.builder().file("/f", "on").build();
    assertEquals(List.of("modify /f [size, content]"), summary(longer, shorter, QUICK));
    assertEquals(List.of("add /usr/bin/zsh []"), summary(base(b -> b), after, QUICK));
  }

  @Test
  void replaceAndDirectoryDeleteReportedOnce() throws IOException {
    Tree before = base(b -> b.file("/var/empty/x", "x").file("/var/empty/sub/y", "y"));
    Tree after =
        InMemoryTree.builder()
            .file("/etc", "now a file")
            .file("/usr/bin/sh", "#!elf")
            .file("/usr/lib/a/inside", "a became a dir")
            .file("/usr/lib/b", "b")
            .device("/dev/null", EntryType.CHAR_DEVICE, 1, 3)
            .build();
    assertEquals(
        List.of(
            "replace /etc [type]",
            "replace /usr/lib/a [type]",
            "add /usr/lib/a/inside []",
            "delete /var []"),
        summary(before, after, QUICK));
  }

  @Test
  void addedDirectoryListsItsContent() throws IOException {
    Tree after = base(b -> b.file("/opt/x/y", "y").dir("/opt/z"));
    assertEquals(
        List.of("add /opt []", "add /opt/x []", "add /opt/x/y []", "add /opt/z []"),
        summary(base(b -> b), after, QUICK));
  }

  @Test
  void mtimesEqualUpToTheSecondAgainstAnImage() throws IOException {
    // 10.3 s in the new tree, 10 s in the image: equal.
    Tree image =
        base(b -> b.precision(TimePrecision.SECONDS).edit("/etc/hostname", m -> m.mtime(s(10))));
    assertEquals(List.of(), summary(image, base(b -> b), CHECKSUM));
    // 10.9 s against 11 s: not equal, whatever rounding would say.
    Tree newer =
        base(b -> b.edit("/etc/hostname", m -> m.mtime(Instant.ofEpochSecond(10, 900_000_000))));
    Tree image11 =
        base(b -> b.precision(TimePrecision.SECONDS).edit("/etc/hostname", m -> m.mtime(s(11))));
    assertEquals(List.of("metadata /etc/hostname [mtime]"), summary(image11, newer, CHECKSUM));
    // The quick check cannot tell content from a time change.
    assertEquals(List.of("modify /etc/hostname [content, mtime]"), summary(image11, newer, QUICK));
    // Two nanosecond trees compare exactly, unless asked for seconds.
    Tree tenSharp = base(b -> b.edit("/etc/hostname", m -> m.mtime(s(10))));
    assertEquals(
        List.of("metadata /etc/hostname [mtime]"), summary(tenSharp, base(b -> b), CHECKSUM));
    assertEquals(
        List.of(), summary(tenSharp, base(b -> b), CHECKSUM.withPrecision(TimePrecision.SECONDS)));
  }

  @Test
  void timesOutsideTheSquashfsRangeCompareModulo2To32AtSeconds() {
    Instant before1970 = Instant.parse("1960-01-01T00:00:00.5Z");
    Instant asStored = Instant.ofEpochSecond(Math.floorMod(before1970.getEpochSecond(), 1L << 32));
    assertTrue(MtimeRule.same(before1970, asStored, TimePrecision.SECONDS));
    assertTrue(!MtimeRule.same(before1970, asStored, TimePrecision.NANOSECONDS));
    assertTrue(
        MtimeRule.same(Instant.ofEpochSecond(-1, 999_999_999), s(-1), TimePrecision.SECONDS));
    assertTrue(!MtimeRule.same(Instant.ofEpochSecond(-1, 1), s(0), TimePrecision.SECONDS));
  }

  @Test
  void checksumCatchesSameSizeSameSecondEdit() throws IOException {
    Tree image = InMemoryTree.builder().precision(TimePrecision.SECONDS).file("/f", "abc").build();
    Tree edited =
        InMemoryTree.builder()
            .file("/f", "abd")
            .edit("/f", m -> m.mtime(Instant.ofEpochSecond(0, 700_000_000)))
            .build();
    assertEquals(List.of(), summary(image, edited, QUICK));
    assertEquals(List.of("modify /f [content]"), summary(image, edited, CHECKSUM));
  }

  @Test
  void largeFilesAreComparedOnThePool() throws IOException {
    byte[] big = new byte[(int) ContentChecks.PARALLEL_FROM * 2 + 5];
    byte[] other = big.clone();
    other[other.length - 1] = 1;
    InMemoryTree.Builder a = InMemoryTree.builder();
    InMemoryTree.Builder b = InMemoryTree.builder();
    for (int i = 0; i < 12; i++) {
      a.file("/f" + i, big);
      b.file("/f" + i, i % 5 == 0 ? other : big);
    }
    assertEquals(
        List.of("modify /f0 [content]", "modify /f10 [content]", "modify /f5 [content]"),
        summary(a.build(), b.build(), CHECKSUM.withThreads(3)));
  }

  @Test
  void ownerGroupXattrsAndDirectoryMetadata() throws IOException {
    Tree after =
        base(
            b ->
                b.edit("/usr/lib/a", m -> m.owner(0, 100))
                    .edit("/usr/lib/b", m -> m.owner(7, 0).xattr("user.x", bytes("1")))
                    .edit("/var", m -> m.mtime(s(5)))
                    .edit("/", m -> m.permissions(0700)));
    assertEquals(
        List.of(
            "metadata / [mode]",
            "metadata /usr/lib/a [group]",
            "metadata /usr/lib/b [owner, xattrs]",
            "metadata /var [mtime]"),
        summary(base(b -> b), after, CHECKSUM));
  }

  @Test
  void brokenHardLinkReportsOnlyTheSplitName() throws IOException {
    Tree before =
        InMemoryTree.builder()
            .file("/l/1", "same")
            .hardLink("/l/2", "/l/1")
            .hardLink("/l/3", "/l/1")
            .build();
    Tree after =
        InMemoryTree.builder()
            .file("/l/1", "same")
            .hardLink("/l/2", "/l/1")
            .file("/l/3", "same")
            .build();
    assertEquals(List.of("metadata /l/3 [hardlinks]"), summary(before, after, CHECKSUM));
    // Joining two separate files into a group reports both.
    assertEquals(
        List.of(
            "metadata /l/1 [hardlinks]", "metadata /l/2 [hardlinks]", "metadata /l/3 [hardlinks]"),
        summary(
            InMemoryTree.builder()
                .file("/l/1", "same")
                .file("/l/2", "same")
                .file("/l/3", "same")
                .build(),
            before,
            CHECKSUM));
    Comparison c = TreeComparator.compare(after, before, CHECKSUM);
    assertEquals(List.of("/l/1", "/l/2", "/l/3"), c.newLinkGroup("/l/2"));
  }

  @Test
  void addedHardLinkIsAnAddNamingItsGroup() throws IOException {
    Tree before = InMemoryTree.builder().file("/a", "x").build();
    Tree after = InMemoryTree.builder().file("/a", "x").hardLink("/b", "/a").build();
    Comparison c = TreeComparator.compare(before, after, CHECKSUM);
    assertEquals(
        List.of("add /b []"),
        c.stream().map(x -> x.kind().label() + " " + x.path() + " []").toList());
    assertEquals(List.of("/a", "/b"), c.newLinkGroup("/b"));
    assertEquals(EnumSet.noneOf(ChangeField.class), c.changes().get(0).fields());
  }

  private static Instant s(long seconds) {
    return Instant.ofEpochSecond(seconds);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
