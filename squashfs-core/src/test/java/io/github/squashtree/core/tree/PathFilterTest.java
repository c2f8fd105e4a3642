package io.github.squashtree.core.tree;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathFilterTest {
  private static boolean matches(String glob, String path, boolean dir) {
    return Glob.compile(glob).matches(path, dir);
  }

  @Test
  void globsAreAnchoredAtTheRootAndWildcardsStayWithinAName() {
    assertTrue(matches("etc/passwd", "/etc/passwd", false));
    assertTrue(matches("/etc/passwd", "/etc/passwd", false));
    assertFalse(matches("passwd", "/etc/passwd", false), "anchored: not at any depth");
    assertTrue(matches("etc/*", "/etc/passwd", false));
    assertFalse(matches("*", "/etc/passwd", false), "* does not cross '/'");
    assertTrue(matches("*", "/etc", true));
    assertTrue(matches("etc/pass??", "/etc/passwd", false));
    assertFalse(matches("etc/pass?", "/etc/passwd", false));
    assertTrue(matches("etc/*.conf", "/etc/a.b.conf", false));
    assertFalse(matches("etc/*.conf", "/etc/a.conf.bak", false));
    assertTrue(matches("etc/[a-c]*", "/etc/bash.bashrc", false));
    assertFalse(matches("etc/[!a-c]*", "/etc/bash.bashrc", false));
    assertTrue(matches("etc/[]x]", "/etc/]", false), "']' first is a member");
    assertTrue(matches("a\\*b", "/a*b", false));
    assertFalse(matches("a\\*b", "/axb", false));
    assertTrue(matches("*a*b*c", "/xxaxxbxxbcc", false), "backtracking over several stars");
  }

  @Test
  void doubleStarSpansDirectories() {
    assertTrue(matches("**/*.pyc", "/a.pyc", false), "zero directories");
    assertTrue(matches("**/*.pyc", "/usr/lib/x/a.pyc", false));
    assertTrue(matches("usr/**/bin", "/usr/bin", true));
    assertTrue(matches("usr/**/bin", "/usr/local/x/bin", true));
    assertFalse(matches("usr/**/bin", "/usr/local/bin/x", false));
    assertTrue(matches("var/cache/**", "/var/cache/apt", true));
    assertTrue(matches("var/cache/**", "/var/cache/apt/x.bin", false));
    assertFalse(matches("var/cache/**", "/var/cache", true), "a trailing ** keeps the directory");
  }

  @Test
  void aTrailingSlashMatchesDirectoriesOnly() {
    assertTrue(matches("tmp/", "/tmp", true));
    assertFalse(matches("tmp/", "/tmp", false));
  }

  @Test
  void charactersAreCodePointsOrSingleBytesThatAreNotUtf8() {
    String latin1 = Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9});
    assertTrue(matches("caf?", "/" + latin1, false));
    assertTrue(matches("caf?", "/café", false));
    assertTrue(matches("?", "/\uD83D\uDE00", false), "a supplementary character is one");
    assertTrue(matches(latin1, "/" + latin1, false));
    assertFalse(matches("café", "/" + latin1, false));
  }

  @Test
  void badPatternsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PathFilter.builder().exclude(""));
    assertThrows(IllegalArgumentException.class, () -> PathFilter.builder().exclude("/"));
    assertThrows(IllegalArgumentException.class, () -> PathFilter.builder().exclude("a[b"));
  }

  @Test
  void theFirstMatchingRuleWins() {
    PathFilter f =
        PathFilter.builder().include("proc/self").exclude("proc/*").exclude("**/*.o").build();
    assertTrue(f.admits("/proc/self", true));
    assertFalse(f.admits("/proc/1", true));
    assertTrue(f.admits("/proc", true));
    assertFalse(f.admits("/src/a.o", false));
    assertTrue(f.admits("/src/a.c", false), "no rule matches: kept");
    PathFilter reversed = PathFilter.builder().exclude("proc/*").include("proc/self").build();
    assertFalse(reversed.admits("/proc/self", true), "an include after the exclude is too late");
  }

  @Test
  void patternFilesSkipCommentsAndBlankLinesAndKeepBytes() {
    byte[] file = "# caches\n\nvar/cache/**\r\ntmp/*\n\u00e9t\u00e9\n".getBytes(UTF_8);
    assertEquals(List.of("var/cache/**", "tmp/*", "été"), PathFilter.patternLines(file));
    byte[] raw = {'a', (byte) 0xE9, '\n'};
    assertEquals(
        List.of(Names.decode(new byte[] {'a', (byte) 0xE9})), PathFilter.patternLines(raw));
  }

  @Test
  void aFilteredTreeDropsExcludedSubtreesAndHidesThemFromLookups() throws IOException {
    Tree tree =
        new TreeBuilder()
            .file("/proc/1/status", "x".getBytes(UTF_8), Attributes.FILE)
            .file("/proc/self/status", "y".getBytes(UTF_8), Attributes.FILE)
            .file("/etc/passwd", "root".getBytes(UTF_8), Attributes.FILE)
            .file("/etc/shadow", "secret".getBytes(UTF_8), Attributes.FILE)
            .file("/var/cache/apt/pkgcache.bin", "z".getBytes(UTF_8), Attributes.FILE)
            .build();
    PathFilter f =
        PathFilter.builder()
            .include("proc/self")
            .exclude("proc/*")
            .exclude("etc/shadow")
            .exclude("var/cache/**")
            .build();
    Tree view = f.apply(tree);
    assertEquals(
        List.of(
            "/etc",
            "/etc/passwd",
            "/proc",
            "/proc/self",
            "/proc/self/status",
            "/var",
            "/var/cache"),
        paths(view));
    assertTrue(view.lookup("/proc/1/status").isEmpty(), "below a dropped directory");
    assertTrue(view.lookup("/etc/shadow").isEmpty());
    assertTrue(view.lookup("/etc/passwd").isPresent());
    assertTrue(view.lookup("/").isPresent());
    assertSame(tree, PathFilter.ALL.apply(tree));
  }

  static List<String> paths(Tree tree) throws IOException {
    List<String> out = new ArrayList<>();
    Deque<Entry> pending = new ArrayDeque<>(List.of(tree.root()));
    while (!pending.isEmpty()) {
      Entry dir = pending.pollFirst();
      List<Entry> children = tree.children(dir);
      for (int i = children.size() - 1; i >= 0; i--) {
        if (children.get(i).isDirectory()) {
          pending.addFirst(children.get(i));
        }
      }
      // depth-first, name order: emit each child, then descend (handled by the deque order)
      for (Entry c : children) {
        out.add(c.path());
      }
    }
    out.sort(NameOrder.NAMES);
    return out;
  }
}
