package io.github.squashtree.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.internal.host.HostDirectory;
import io.github.squashtree.core.internal.host.HostDirectoryTree;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import io.github.squashtree.fixtures.MetadataBuilder;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MergedWriter}'s check of an entry it changes in place: the names of a hard-link group that
 * the writer removes or replaces itself lower the link count it expects of the group's other names;
 * a name someone else removed, or a swapped-in object whose count happens to fit, is still refused.
 * A directory it changes in place, or whose mtime it sets, must be the one compared (or the one it
 * made): another directory swapped in meanwhile is refused and left as it was.
 */
class MergedWriterTest {
  private static final Set<ChangeField> MODE = EnumSet.of(ChangeField.MODE);
  private final HostFileSystem host = HostFileSystem.get();

  @TempDir Path dir;
  private Path target;
  private Path outside;

  @BeforeEach
  void group() throws IOException {
    target = Files.createDirectory(dir.resolve("target"));
    outside = Files.createDirectory(dir.resolve("outside"));
    Files.writeString(target.resolve("x"), "1");
    Files.createLink(target.resolve("y"), target.resolve("x"));
    Files.createLink(target.resolve("z"), target.resolve("x"));
    host.chmod(target.resolve("x"), 0644);
  }

  @Test
  void itsOwnRemovalsLowerTheCountItExpectsOfTheOtherNames() throws IOException {
    try (HostDirectoryTree compared = HostDirectoryTree.open(target)) {
      Metadata y = compared.lookup("/y").orElseThrow().metadata();
      Metadata z = compared.lookup("/z").orElseThrow().metadata();
      try (HostDirectory root = host.openDirectory(target);
          MergedWriter w = writer(emptySource(), root, compared)) {
        w.removeAll("/x");
        w.applyMetadata("/y", y, mode(y, 0600), MODE);
        w.removeAll("/y");
        w.applyMetadata("/z", z, mode(z, 0640), MODE);
      }
    }
    assertEquals(0640, host.lstat(target.resolve("z")).permissions());
    assertEquals(1, host.lstat(target.resolve("z")).nlink());
  }

  @Test
  void aNewObjectRenamedOverANameCountsAsTakingIt() throws IOException {
    Tree source = InMemoryTree.builder().file("/x", "new").build();
    Entry newX = source.lookup("/x").orElseThrow();
    try (HostDirectoryTree compared = HostDirectoryTree.open(target)) {
      Metadata x = compared.lookup("/x").orElseThrow().metadata();
      Metadata y = compared.lookup("/y").orElseThrow().metadata();
      try (HostDirectory root = host.openDirectory(target);
          MergedWriter w = writer(source, root, compared)) {
        w.replaceWithNew("/x", newX, x);
        w.applyMetadata("/y", y, mode(y, 0600), MODE);
      }
    }
    assertEquals("new", Files.readString(target.resolve("x")));
    assertEquals(0600, host.lstat(target.resolve("y")).permissions());
    assertEquals(2, host.lstat(target.resolve("y")).nlink());
  }

  @Test
  void aNameSomeoneElseRemovedIsStillRefused() throws IOException {
    try (HostDirectoryTree compared = HostDirectoryTree.open(target)) {
      Metadata y = compared.lookup("/y").orElseThrow().metadata();
      Files.delete(target.resolve("x")); // not by the writer
      try (HostDirectory root = host.openDirectory(target);
          MergedWriter w = writer(emptySource(), root, compared)) {
        FileSystemException e =
            assertThrows(
                FileSystemException.class, () -> w.applyMetadata("/y", y, mode(y, 0600), MODE));
        assertTrue(e.getMessage().contains("2 link(s) where this run expects"), e.getMessage());
      }
    }
    assertEquals(0644, host.lstat(target.resolve("y")).permissions());
  }

  @Test
  void aSwappedInObjectIsRefusedThoughItsCountFitsTheRunsRemovals() throws IOException {
    Path victim = Files.writeString(outside.resolve("victim"), "someone else's");
    host.chmod(victim, 0600);
    try (HostDirectoryTree compared = HostDirectoryTree.open(target)) {
      Metadata y = compared.lookup("/y").orElseThrow().metadata();
      try (HostDirectory root = host.openDirectory(target);
          MergedWriter w = writer(emptySource(), root, compared)) {
        w.removeAll("/x"); // /y may now show 2 or 3 links
        Files.delete(target.resolve("y"));
        Files.createLink(target.resolve("y"), victim); // 2 links: within the range
        FileSystemException e =
            assertThrows(
                FileSystemException.class, () -> w.applyMetadata("/y", y, mode(y, 0666), MODE));
        assertTrue(e.getMessage().contains("than the one this run compared"), e.getMessage());
      }
    }
    assertEquals(0600, host.lstat(victim).permissions());
  }

  @Test
  void theDirectoriesComparedOrMadeAreChanged() throws IOException {
    Files.createDirectory(target.resolve("d"));
    Tree source = InMemoryTree.builder().dir("/n").build();
    Entry n = source.lookup("/n").orElseThrow();
    Instant then = Instant.ofEpochSecond(1_000_000_000L);
    try (HostDirectoryTree compared = HostDirectoryTree.open(target)) {
      Metadata d = compared.lookup("/d").orElseThrow().metadata();
      Metadata top = compared.root().metadata();
      try (HostDirectory root = host.openDirectory(target);
          MergedWriter w = writer(source, root, compared)) {
        w.applyMetadata("/d", d, mode(d, 0705), MODE);
        w.applyMetadata("/", top, mode(top, 0751), MODE);
        w.makeDirectory("/n", n);
        assertTrue(w.restoreDirectoryTime("/n", time(n.metadata(), then)));
        assertTrue(w.restoreDirectoryTime("/d", time(d, then)));
        assertTrue(w.restoreDirectoryTime("/", time(top, then)));
      }
    }
    assertEquals(0705, host.lstat(target.resolve("d")).permissions());
    assertEquals(0751, host.lstat(target).permissions());
    for (Path p : new Path[] {target, target.resolve("d"), target.resolve("n")}) {
      assertEquals(then, host.lstat(p).mtime(), p.toString());
    }
  }

  @Test
  void aDirectorySwappedInIsNeitherChangedNorRetimed() throws IOException {
    Files.createDirectory(target.resolve("d"));
    Path victim = Files.createDirectory(outside.resolve("victim"));
    host.chmod(victim, 0700);
    Instant victimTime = host.lstat(victim).mtime();
    try (HostDirectoryTree compared = HostDirectoryTree.open(target)) {
      Metadata d = compared.lookup("/d").orElseThrow().metadata();
      try (HostDirectory root = host.openDirectory(target);
          MergedWriter w = writer(emptySource(), root, compared)) {
        Files.move(target.resolve("d"), outside.resolve("was-d"));
        Files.move(victim, target.resolve("d")); // by a user owning the target's directory
        FileSystemException e =
            assertThrows(
                FileSystemException.class, () -> w.applyMetadata("/d", d, mode(d, 0777), MODE));
        assertTrue(e.getMessage().contains("changed by someone else"), e.getMessage());
        assertThrows(
            FileSystemException.class,
            () -> w.restoreDirectoryTime("/d", time(d, Instant.ofEpochSecond(1))));
      }
    }
    assertEquals(0700, host.lstat(target.resolve("d")).permissions());
    assertEquals(victimTime, host.lstat(target.resolve("d")).mtime());
  }

  @Test
  void aRootSwappedInBeforeTheRunIsNotChanged() throws IOException {
    Path victim = Files.createDirectory(outside.resolve("victim"));
    host.chmod(victim, 0700);
    try (HostDirectoryTree compared = HostDirectoryTree.open(target)) {
      Metadata top = compared.root().metadata();
      Map<String, Long> directories = directories(compared);
      Files.move(target, dir.resolve("was-target"));
      Files.move(victim, target); // before the run opens it
      try (HostDirectory root = host.openDirectory(target);
          MergedWriter w = writer(emptySource(), root, compared, directories)) {
        assertThrows(
            FileSystemException.class, () -> w.applyMetadata("/", top, mode(top, 0777), MODE));
        assertThrows(
            FileSystemException.class,
            () -> w.restoreDirectoryTime("/", time(top, Instant.ofEpochSecond(1))));
      }
    }
    assertEquals(0700, host.lstat(target).permissions());
  }

  private MergedWriter writer(Tree source, HostDirectory root, HostDirectoryTree compared)
      throws IOException {
    return writer(source, root, compared, directories(compared));
  }

  private MergedWriter writer(
      Tree source, HostDirectory root, HostDirectoryTree compared, Map<String, Long> directories) {
    return new MergedWriter(host, source, root, compared::linkKey, directories);
  }

  /** The directories of {@code compared} as a comparison reading its top level records them. */
  private static Map<String, Long> directories(HostDirectoryTree compared) throws IOException {
    ComparedDirectories seen = new ComparedDirectories(compared);
    seen.children(seen.root());
    return seen.keys();
  }

  private static Metadata time(Metadata m, Instant mtime) {
    return MetadataBuilder.from(m).mtime(mtime).build();
  }

  private static Tree emptySource() {
    return InMemoryTree.builder().build();
  }

  private static Metadata mode(Metadata m, int permissions) {
    return MetadataBuilder.from(m).permissions(permissions).build();
  }
}
