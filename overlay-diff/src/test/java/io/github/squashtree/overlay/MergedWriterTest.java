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
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MergedWriter}'s check of an entry it changes in place: the names of a hard-link group that
 * the writer removes or replaces itself lower the link count it expects of the group's other names;
 * a name someone else removed, or a swapped-in object whose count happens to fit, is still refused.
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
          MergedWriter w = new MergedWriter(host, emptySource(), root, compared::linkKey)) {
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
          MergedWriter w = new MergedWriter(host, source, root, compared::linkKey)) {
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
          MergedWriter w = new MergedWriter(host, emptySource(), root, compared::linkKey)) {
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
          MergedWriter w = new MergedWriter(host, emptySource(), root, compared::linkKey)) {
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

  private static Tree emptySource() {
    return InMemoryTree.builder().build();
  }

  private static Metadata mode(Metadata m, int permissions) {
    return MetadataBuilder.from(m).permissions(permissions).build();
  }
}
