package io.github.squashtree.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostDirectory} through libc: a directory swapped for a symlink between two steps makes the
 * next step fail or stay in the directory already open; nothing outside changes.
 */
class HostDirectoryTest {
  private final HostFileSystem host = HostFileSystem.get();

  @TempDir Path dir;
  private Path victim;
  private Path base;

  @BeforeEach
  void layout() throws IOException {
    RequireAll.assumeOrFail(host.raceFree(), "needs libc through JNA: " + host.limitation());
    victim = Files.createDirectory(dir.resolve("victim"));
    Files.writeString(victim.resolve("keep"), "victim's");
    host.chmod(victim, 0700);
    base = Files.createDirectory(dir.resolve("base"));
  }

  private List<String> victimListing() throws IOException {
    try (Stream<Path> s = Files.list(victim)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Moves base/name away and puts a symlink to the victim in its place. */
  private void swapForSymlink(String name) throws IOException {
    Files.move(base.resolve(name), base.resolve(name + ".moved"));
    Files.createSymbolicLink(base.resolve(name), victim);
  }

  @Test
  void anOpenDirectorySwappedForASymlinkKeepsWritingWhereItWas() throws IOException {
    try (HostDirectory b = host.openDirectory(base);
        HostDirectory d = b.makeDirectory("d", 0700)) {
      swapForSymlink("d");
      try (HostFile f = d.createFile("x", 0600)) {
        f.write(0, "ours".getBytes(StandardCharsets.UTF_8), 0, 4);
        f.setPermissions(0777);
      }
      d.symlink("l", "/etc/passwd");
      d.mknod("p", EntryType.FIFO, 0600, 0, 0);
      d.setPermissions(0777);
    }
    assertEquals(List.of("keep"), victimListing());
    assertEquals("ours", Files.readString(base.resolve("d.moved/x")));
    assertEquals(0700, host.lstat(victim).permissions());
  }

  @Test
  void openingAComponentThatIsNowASymlinkFails() throws IOException {
    try (HostDirectory b = host.openDirectory(base)) {
      b.makeDirectory("d", 0700).close();
      swapForSymlink("d");
      FileSystemException e = assertThrows(FileSystemException.class, () -> b.openDirectory("d"));
      assertTrue(e.getMessage().contains("not followed"), e.getMessage());
      assertThrows(FileSystemException.class, () -> b.makeDirectory("d", 0700));
      assertThrows(FileSystemException.class, () -> b.createFile("d", 0600));
      assertThrows(FileSystemException.class, () -> b.openNode("d", EntryType.FILE, 1));
    }
    assertEquals(List.of("keep"), victimListing());
  }

  @Test
  void aNewFileIsNeverCreatedThroughADanglingSymlink() throws IOException {
    Files.createSymbolicLink(base.resolve("f"), victim.resolve("planted"));
    try (HostDirectory b = host.openDirectory(base)) {
      assertThrows(FileSystemException.class, () -> b.createFile("f", 0600));
      assertThrows(FileSystemException.class, () -> b.symlink("f", "x"));
      assertThrows(FileSystemException.class, () -> b.mknod("f", EntryType.FIFO, 0600, 0, 0));
    }
    assertEquals(List.of("keep"), victimListing());
  }

  @Test
  void aNodeSwappedForAHardLinkToSomeoneElsesFileIsLeftAlone() throws IOException {
    try (HostDirectory b = host.openDirectory(base)) {
      b.mknod("p", EntryType.FIFO, 0600, 0, 0);
      Files.delete(base.resolve("p"));
      Files.createLink(base.resolve("p"), victim.resolve("keep"));
      FileSystemException e =
          assertThrows(FileSystemException.class, () -> b.openNode("p", EntryType.FIFO, 1));
      assertTrue(e.getMessage().contains("left alone"), e.getMessage());
      b.symlink("l", "keep");
      Files.delete(base.resolve("l"));
      Files.createSymbolicLink(base.resolve("l"), victim);
      // The same type and one link: a node someone else made, inside; still not the victim.
      try (HostNode n = b.openNode("l", EntryType.SYMLINK, 1)) {
        n.setTimes(Instant.ofEpochSecond(1000));
      }
    }
    assertEquals(List.of("keep"), victimListing());
    assertTrue(host.lstat(victim).mtime().getEpochSecond() > 1000);
  }

  @Test
  void aCountLoweredByTheRunsOwnRemovalsStillNeedsTheObjectCompared() throws IOException {
    Files.writeString(base.resolve("f"), "ours");
    Files.createLink(base.resolve("g"), base.resolve("f"));
    HostStat compared = host.lstat(base.resolve("g"));
    Predicate<HostStat> same = st -> st.dev() == compared.dev() && st.ino() == compared.ino();
    ExpectedNode oneTaken = ExpectedNode.compared(EntryType.FILE, 2, 1, same);
    int victimMode = host.lstat(victim.resolve("keep")).permissions();
    try (HostDirectory b = host.openDirectory(base)) {
      try (HostNode n = b.openNode("g", oneTaken)) {
        n.setPermissions(0640); // two links: a lower name of an overlay whited out
      }
      b.unlink("f");
      try (HostNode n = b.openNode("g", oneTaken)) {
        n.setPermissions(0600); // one link: the name removed
      }
      FileSystemException fewer =
          assertThrows(
              FileSystemException.class,
              () -> b.openNode("g", ExpectedNode.compared(EntryType.FILE, 2, 0, same)));
      assertTrue(fewer.getMessage().contains("expects a file with 2;"), fewer.getMessage());
      b.unlink("g");
      Files.createLink(base.resolve("g"), victim.resolve("keep")); // two links: within the range
      FileSystemException other =
          assertThrows(FileSystemException.class, () -> b.openNode("g", oneTaken));
      assertTrue(other.getMessage().contains("than the one this run compared"), other.getMessage());
    }
    assertEquals(victimMode, host.lstat(victim.resolve("keep")).permissions());
  }

  @Test
  void aDirectoryIsChangedOnlyIfItIsTheOneCompared() throws IOException {
    Files.createDirectory(base.resolve("d"));
    HostStat compared = host.lstat(base.resolve("d"));
    Predicate<HostStat> same = st -> st.dev() == compared.dev() && st.ino() == compared.ino();
    try (HostDirectory b = host.openDirectory(base)) {
      try (HostDirectory d = b.openDirectory("d", same)) {
        d.setPermissions(0750);
      }
      Files.move(base.resolve("d"), dir.resolve("was-d"));
      Files.move(victim, base.resolve("d")); // another directory, someone else's
      FileSystemException e =
          assertThrows(FileSystemException.class, () -> b.openDirectory("d", same));
      assertTrue(e.getMessage().contains("changed by someone else: another dir "), e.getMessage());
      try (HostDirectory held = b.openDirectory("d")) {
        assertThrows(FileSystemException.class, () -> held.ensureIs(same));
      }
    }
    assertEquals(0700, host.lstat(base.resolve("d")).permissions());
    assertEquals(0750, host.lstat(dir.resolve("was-d")).permissions());
  }

  @Test
  void aSymlinksOwnMetadataIsSetNotItsTargets() throws IOException {
    Instant before = host.lstat(victim.resolve("keep")).mtime();
    try (HostDirectory b = host.openDirectory(base)) {
      b.symlink("l", victim.resolve("keep").toString());
      try (HostNode n = b.openNode("l", EntryType.SYMLINK, 1)) {
        n.setTimes(Instant.ofEpochSecond(1234, 5678));
        if (host.isPrivileged()) {
          n.setOwner(12, 34);
          n.setXattr("trusted.mark", new byte[] {1});
        }
      }
    }
    HostStat link = host.lstat(base.resolve("l"));
    assertEquals(Instant.ofEpochSecond(1234, 5678), link.mtime());
    assertEquals(before, host.lstat(victim.resolve("keep")).mtime());
    if (host.isPrivileged()) {
      assertEquals(12, link.uid());
      assertTrue(host.getXattrs(base.resolve("l")).containsKey("trusted.mark"));
      assertFalse(host.getXattrs(victim.resolve("keep")).containsKey("trusted.mark"));
    }
  }

  @Test
  void specialFilesGetTheirExactBitsThroughTheirNode() throws IOException {
    try (HostDirectory b = host.openDirectory(base)) {
      b.mknod("p", EntryType.FIFO, 0600, 0, 0);
      try (HostNode n = b.openNode("p", EntryType.FIFO, 1)) {
        n.setPermissions(04751); // a fifo is never opened for this, so it cannot block
        assertEquals(04751, n.stat().permissions());
      }
    }
  }

  @Test
  void removalTakesASwappedInSymlinkAwayAndNothingBehindIt() throws IOException {
    try (HostDirectory b = host.openDirectory(base)) {
      try (HostDirectory d = b.makeDirectory("d", 0700);
          HostDirectory e = d.makeDirectory("e", 0500)) {
        e.createFile("f", 0400).close();
        d.createFile("g", 0600).close();
      }
      Files.createSymbolicLink(base.resolve("s"), victim);
      TreeRemoval.clear(b, true);
      assertEquals(List.of(), b.list());
    }
    assertEquals(List.of("keep"), victimListing());
    assertEquals(0700, host.lstat(base).permissions() & 0700);
  }

  @Test
  void namesWithBytesThatAreNotUtf8KeepThem() throws IOException {
    String latin1 = Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9});
    try (HostDirectory b = host.openDirectory(base)) {
      b.createFile(latin1, 0600).close();
      assertEquals(List.of(latin1), b.list());
      assertTrue(Files.exists(Names.hostPath(base, latin1), LinkOption.NOFOLLOW_LINKS));
    }
  }

  @Test
  void singleNamesOnly() throws IOException {
    try (HostDirectory b = host.openDirectory(base)) {
      for (String bad : new String[] {"", ".", "..", "a/b"}) {
        assertThrows(IllegalArgumentException.class, () -> b.createFile(bad, 0600), bad);
      }
    }
  }

  @Test
  void aStackFarDeeperThanItKeepsOpenClimbsBackThroughCheckedParents() throws IOException {
    int depth = HandleStack.MAX_OPEN * 3;
    try (HostDirectory b = host.openDirectory(base);
        HandleStack stack = new HandleStack(b)) {
      for (int i = 0; i < depth; i++) {
        stack.push(stack.top().makeDirectory("d", 0700));
      }
      stack.top().createFile("leaf", 0600).close();
      while (stack.depth() > 0) {
        try (HostDirectory left = stack.pop()) {
          assertEquals(List.of(left.list().contains("leaf") ? "leaf" : "d"), left.list());
        }
      }
      TreeRemoval.remove(b, "d", false);
      assertEquals(List.of(), b.list());
    }
  }

  @Test
  void aClosedLevelMovedMeanwhileStopsTheClimb() throws IOException {
    int depth = HandleStack.MAX_OPEN + 2;
    try (HostDirectory b = host.openDirectory(base);
        HandleStack stack = new HandleStack(b)) {
      for (int i = 0; i < depth; i++) {
        stack.push(stack.top().makeDirectory("d", 0700));
      }
      // Level 1 (base/d) was closed; its child moves to where ".." leads elsewhere.
      Files.move(base.resolve("d/d"), base.resolve("elsewhere"));
      FileSystemException e = null;
      while (stack.depth() > 0 && e == null) {
        try {
          stack.pop().close();
        } catch (FileSystemException moved) {
          e = moved;
        }
      }
      assertTrue(e != null && e.getMessage().contains("moved"), String.valueOf(e));
    }
  }

  @Test
  void writesLandAtTheirOffsetsLeavingHoles() throws IOException {
    try (HostDirectory b = host.openDirectory(base);
        HostFile f = b.createFile("sparse", 0600)) {
      byte[] data = {9, 1, 2, 3, 9};
      f.write(1 << 20, data, 1, 3);
    }
    byte[] all = Files.readAllBytes(base.resolve("sparse"));
    assertEquals((1 << 20) + 3, all.length);
    assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOfRange(all, 1 << 20, all.length));
  }
}
