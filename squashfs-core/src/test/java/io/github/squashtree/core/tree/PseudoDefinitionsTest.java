package io.github.squashtree.core.tree;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.tree.PseudoDefinitions.Accounts;
import io.github.squashtree.core.tree.PseudoDefinitions.Definition;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudoDefinitionsTest {
  private static final Accounts ACCOUNTS =
      new Accounts() {
        @Override
        public OptionalLong uid(String name) {
          return name.equals("root") ? OptionalLong.of(0) : OptionalLong.empty();
        }

        @Override
        public OptionalLong gid(String name) {
          return name.equals("disk") ? OptionalLong.of(6) : OptionalLong.empty();
        }
      };

  private static Definition one(String text) throws IOException {
    return PseudoDefinitions.parse(text, ACCOUNTS).definitions().get(0);
  }

  @Test
  void parsesEachTypeAsMksquashfsDoes() throws IOException {
    Definition d = one("/dev d 755 root disk");
    assertEquals("/dev", d.path());
    assertEquals(EntryType.DIRECTORY, d.type());
    assertEquals(0755, d.permissions());
    assertEquals(0, d.uid());
    assertEquals(6, d.gid());
    assertTrue(d.mtime().isEmpty());

    Definition c = one("dev/console c 600 0 0 5 1");
    assertEquals("/dev/console", c.path());
    assertEquals(EntryType.CHAR_DEVICE, c.type());
    assertEquals(5, c.major());
    assertEquals(1, c.minor());

    Definition b = one("/dev/sda B 1000 660 0 6 8 0");
    assertEquals(EntryType.BLOCK_DEVICE, b.type());
    assertEquals(OptionalLong.of(1000), b.mtime());

    Definition s = one("/etc/my s 0 0 0 ../usr/share/a file");
    assertEquals("../usr/share/a file", s.symlinkTarget(), "the rest of the line");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> one("/x s 0 0 0"))
            .getMessage()
            .contains("no symlink target"));
    Definition quoted = one("\"/etc/my link\" s 644 0 0 ../usr/share/a file");
    assertEquals("/etc/my link", quoted.path());
    assertEquals("../usr/share/a file", quoted.symlinkTarget());
    assertEquals(0777, quoted.permissions(), "symlinks are rwxrwxrwx");
    assertEquals("/a b", one("/a\\ b m 644 1 2").path());

    assertEquals(EntryType.FIFO, one("/run/fifo i 600 0 0 f").type());
    assertEquals(EntryType.SOCKET, one("/run/sock I 7 600 0 0 s").type());
    Definition m = one("/etc/shadow m 640 0 disk");
    assertTrue(m.modifies());
    assertEquals(OptionalLong.of(9), one("/etc/shadow M 9 640 0 0").mtime());
  }

  @Test
  void refusesCommandsAndMalformedDefinitionsNamingThem() {
    for (String bad :
        List.of(
            "/f f 644 0 0 echo hi",
            "/f F 1 644 0 0 echo hi",
            "/l l /etc/passwd",
            "/r R 1 644 0 0 3 0",
            "/x q 644 0 0",
            "/x d 9999 0 0",
            "/x d 80 0 0",
            "/x d 755 nobody-here 0",
            "/x d 755 0 0 extra",
            "/x c 644 0 0 4096 1",
            "/x c 644 0 0 1 1048576",
            "/x c 644 0 0 1",
            "/x i 644 0 0 p",
            "/x D yesterday 755 0 0",
            "/x/../y d 755 0 0",
            "/x")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> one(bad), bad);
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> one("/f f 644 0 0 date"))
            .getMessage()
            .contains("runs no commands"));
  }

  @Test
  void aPseudoFileHasCommentsContinuationsAndLineNumbersInErrors() throws IOException {
    byte[] file =
        ("# devices\n\n  /dev d 755 0 0\n/dev/null c 666 0 0 \\\n 1 3\n/dev/bad x\n")
            .getBytes(UTF_8);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PseudoDefinitions.parseFile(file, "p.txt", ACCOUNTS));
    assertTrue(e.getMessage().startsWith("p.txt:6: "), e.getMessage());
    PseudoDefinitions ok =
        PseudoDefinitions.parseFile(
            "/dev d 755 0 0\n/dev/null c 666 0 0 \\\n 1 3\n".getBytes(UTF_8), "p", ACCOUNTS);
    assertEquals(2, ok.definitions().size());
    assertEquals(3, ok.definitions().get(1).minor());
  }

  @Test
  void appliedAsMksquashfsAppliesThem() throws IOException {
    Instant rootTime = Instant.ofEpochSecond(1_700_000_000L);
    Tree tree =
        new TreeBuilder()
            .directory("/", Attributes.DIRECTORY.mtime(rootTime))
            .file("/etc/shadow", "s".getBytes(UTF_8), Attributes.of(0600))
            .file("/bin/sh", "x".getBytes(UTF_8), Attributes.of(0755))
            .build();
    PseudoDefinitions defs =
        PseudoDefinitions.parse("/dev d 755 0 0", ACCOUNTS)
            .plus(PseudoDefinitions.parse("/dev/console c 600 0 5 5 1", ACCOUNTS))
            .plus(PseudoDefinitions.parse("/etc/shadow M 77 640 0 42", ACCOUNTS))
            .plus(PseudoDefinitions.parse("/etc/lnk s 0 0 0 shadow", ACCOUNTS))
            .plus(PseudoDefinitions.parse("/etc/shadow c 600 0 0 1 1", ACCOUNTS))
            .plus(PseudoDefinitions.parse("/missing m 600 0 0", ACCOUNTS))
            .plus(PseudoDefinitions.parse("/nowhere/x c 600 0 0 1 1", ACCOUNTS))
            .plus(PseudoDefinitions.parse("/dev d 700 0 0", ACCOUNTS))
            .plus(PseudoDefinitions.parse("/bin/sh/x d 700 0 0", ACCOUNTS));
    List<String> warnings = new ArrayList<>();
    Tree view = defs.apply(tree, warnings::add);
    assertEquals(
        List.of("/bin", "/bin/sh", "/dev", "/dev/console", "/etc", "/etc/lnk", "/etc/shadow"),
        PathFilterTest.paths(view));
    Entry console = view.lookup("/dev/console").orElseThrow();
    assertEquals(EntryType.CHAR_DEVICE, console.type());
    assertEquals(5, console.metadata().gid());
    assertEquals(rootTime, console.metadata().mtime(), "untimed: the root's mtime");
    Entry shadow = view.lookup("/etc/shadow").orElseThrow();
    assertEquals(EntryType.FILE, shadow.type());
    assertEquals(0640, shadow.metadata().permissions());
    assertEquals(42, shadow.metadata().gid());
    assertEquals(Instant.ofEpochSecond(77), shadow.metadata().mtime());
    Entry viaChildren =
        view.children(view.lookup("/etc").orElseThrow()).stream()
            .filter(e -> e.name().equals("shadow"))
            .findFirst()
            .orElseThrow();
    assertEquals(shadow.metadata(), viaChildren.metadata());
    assertEquals("shadow", view.lookup("/etc/lnk").orElseThrow().metadata().symlinkTarget());
    assertEquals(6, view.lookup("/etc/lnk").orElseThrow().metadata().size());
    assertEquals(5, warnings.size(), warnings.toString());
    assertTrue(String.join("\n", warnings).contains("'/dev d 700 0 0' ignored"));
    assertTrue(String.join("\n", warnings).contains("'/etc/shadow c 600 0 0 1 1' ignored"));
    assertTrue(String.join("\n", warnings).contains("'/missing m 600 0 0' ignored"));
    assertTrue(String.join("\n", warnings).contains("/nowhere does not exist"));
    assertTrue(String.join("\n", warnings).contains("/bin/sh is not a directory"));
  }

  @Test
  void aTimedModificationOfAHostFileStillReadsIt(@TempDir Path dir) throws IOException {
    // A host tree opens a file only as the version it listed (same mtime); the view's changed
    // mtime must not look like a file changed under the run.
    Files.writeString(dir.resolve("passwd"), "root:x:0:0\n");
    try (DirectoryTree host = DirectoryTree.open(dir)) {
      Tree view =
          PseudoDefinitions.parse("/passwd M 1000000002 640 0 42", ACCOUNTS).apply(host, w -> {});
      Entry passwd = view.lookup("/passwd").orElseThrow();
      assertEquals(Instant.ofEpochSecond(1_000_000_002L), passwd.metadata().mtime());
      try (InputStream in = view.open(passwd)) {
        assertEquals("root:x:0:0\n", new String(in.readAllBytes(), UTF_8));
      }
      Entry listed =
          view.children(view.root()).stream()
              .filter(e -> e.name().equals("passwd"))
              .findFirst()
              .orElseThrow();
      try (InputStream in = view.open(listed)) {
        assertEquals(11, in.readAllBytes().length);
      }
    }
  }
}
