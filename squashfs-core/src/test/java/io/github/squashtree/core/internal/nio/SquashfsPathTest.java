package io.github.squashtree.core.internal.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Paths answer as the JDK's own Unix paths answer for the same strings: every syntactic operation
 * compared on random path strings (names, ".", "..", empty names, leading and trailing slashes).
 */
class SquashfsPathTest {
  private static Path dir;
  private static FileSystem fs;

  @BeforeContainer
  static void open() throws IOException {
    dir = java.nio.file.Files.createTempDirectory("path-test");
    fs = FileSystems.newFileSystem(TestImages.sample(dir));
  }

  @AfterContainer
  static void close() throws IOException {
    fs.close();
    java.nio.file.Files.delete(dir.resolve("sample.sqfs"));
    java.nio.file.Files.delete(dir);
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> name = Arbitraries.of("a", "b", "c d", ".", "..", "", "é", ".x");
    return Arbitraries.oneOf(
        Arbitraries.just("/"),
        Arbitraries.just(""),
        name.list()
            .ofMaxSize(5)
            .flatMap(
                names ->
                    Arbitraries.of("", "/")
                        .flatMap(
                            lead ->
                                Arbitraries.of("", "/")
                                    .map(tail -> lead + String.join("/", names) + tail))));
  }

  private static String show(Path p) {
    return p == null ? "null" : "<" + p + ">";
  }

  /** The answer of an operation on one path, or the name of what it threw. */
  private static String answer(Path p, Function<Path, Object> op) {
    try {
      Object r = op.apply(p);
      return r instanceof Path q ? show(q) : String.valueOf(r);
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  private static List<String> answers(Path p) {
    List<String> out = new ArrayList<>();
    out.add(p.toString());
    out.add(answer(p, Path::isAbsolute));
    out.add(answer(p, Path::getRoot));
    out.add(answer(p, Path::getFileName));
    out.add(answer(p, Path::getParent));
    out.add(answer(p, Path::getNameCount));
    out.add(answer(p, Path::normalize));
    out.add(answer(p, q -> q.getName(0)));
    out.add(answer(p, q -> q.subpath(0, Math.max(1, q.getNameCount() - 1))));
    out.add(answer(p, q -> q.getParent() == null ? null : q.getParent().getFileName()));
    List<String> names = new ArrayList<>();
    p.forEach(n -> names.add(n.toString()));
    out.add(names.toString());
    return out;
  }

  @Property(tries = 1500)
  void syntaxAsTheDefaultProvider(@ForAll("paths") String s) {
    Path ours = fs.getPath(s);
    Path theirs = Path.of(s);
    assertEquals(answers(theirs), answers(ours), s);
    assertEquals(s.isEmpty() ? "" : ours.toString(), fs.getPath(ours.toString()).toString());
  }

  @Property(tries = 1500)
  void pairsAsTheDefaultProvider(@ForAll("paths") String a, @ForAll("paths") String b) {
    Path oa = fs.getPath(a);
    Path ob = fs.getPath(b);
    Path ta = Path.of(a);
    Path tb = Path.of(b);
    String where = a + " | " + b;
    assertEquals(answer(ta, x -> x.resolve(tb)), answer(oa, x -> x.resolve(ob)), where);
    assertEquals(
        answer(ta, x -> x.resolveSibling(tb)), answer(oa, x -> x.resolveSibling(ob)), where);
    assertEquals(answer(ta, x -> x.startsWith(tb)), answer(oa, x -> x.startsWith(ob)), where);
    assertEquals(answer(ta, x -> x.endsWith(tb)), answer(oa, x -> x.endsWith(ob)), where);
    assertEquals(ta.equals(tb), oa.equals(ob), where);
    assertEquals(Integer.signum(ta.compareTo(tb)), Integer.signum(oa.compareTo(ob)), where);
    if (!a.contains("..") && !b.contains("..") && !a.contains("/./") && !b.contains("/./")) {
      assertEquals(answer(ta, x -> x.relativize(tb)), answer(oa, x -> x.relativize(ob)), where);
    }
  }

  @Property(tries = 200)
  void absolutePathsMatchTheDefaultProvidersRootedOnes(@ForAll("paths") String s) {
    // Relative paths resolve against the image's root: compare with a default path at "/".
    Path ours = fs.getPath(s).toAbsolutePath();
    Path theirs = Path.of("/").resolve(s);
    assertEquals(theirs.toString(), ours.toString(), s);
  }

  @Provide
  Arbitrary<String> globs() {
    return Arbitraries.of(
        "*",
        "**",
        "*.x",
        "a?",
        "?",
        "[abc]*",
        "[!a]*",
        "[a-c]",
        "[-a]*",
        "{a,b}*",
        "{a,c d}",
        "**/b",
        "/**",
        "a/*/b",
        "*/*",
        "\\*",
        "\\[a]",
        "*[0-9]",
        "[.]*",
        ".*",
        "**.x",
        "{**/a,b}",
        "[a-]",
        "c d",
        "é*",
        "**/[!.]*");
  }

  @Property(tries = 3000)
  void globsMatchAsTheDefaultProvidersDo(@ForAll("globs") String glob, @ForAll("paths") String s) {
    boolean theirs = FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(s));
    boolean ours = fs.getPathMatcher("glob:" + glob).matches(fs.getPath(s));
    assertEquals(theirs, ours, glob + " on " + s);
    assertEquals(
        FileSystems.getDefault().getPathMatcher("regex:" + "[^/]*a.*").matches(Path.of(s)),
        fs.getPathMatcher("regex:" + "[^/]*a.*").matches(fs.getPath(s)));
  }

  @net.jqwik.api.Example
  void aNulByteIsRefused() {
    assertThrows(InvalidPathException.class, () -> fs.getPath("a\0b"));
  }

  @net.jqwik.api.Example
  void aNameThatIsNotUtf8KeepsItsBytes() throws IOException {
    Path image = dir.resolve("sample.sqfs");
    try (FileSystem registered =
        FileSystems.newFileSystem(
            java.net.URI.create("squashfs:" + image.toUri()), java.util.Map.of())) {
      Path p = registered.getPath("/", TestImages.LATIN1);
      assertEquals(TestImages.LATIN1, p.getFileName().toString());
      assertEquals(p, registered.getPath(p.toString()));
      assertEquals("squashfs:" + image.toUri() + "!/caf%E9", p.toUri().toString());
      assertEquals(p, Path.of(p.toUri()));
    }
  }
}
