package io.github.squashtree.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ListingEntry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzzes directory listings, headers and indexes: lists every directory reachable from the root
 * (each directory inode once) and looks every listed name up again through {@code find}, which
 * takes the index when there is one. A name found must be the name asked for.
 *
 * <p>Seeds: as {@link InodeFuzzTest}, in {@code DirectoryFuzzTestInputs/listAndFind/}.
 */
class DirectoryFuzzTest {
  private static final int MAX_DIRECTORIES = 1024;

  @FuzzTest(maxDuration = "5m")
  void listAndFind(byte[] image) throws Exception {
    FuzzBounds.expectResultOrFormatError(
        () -> {
          try (ImageReader img = ImageReader.open(ByteSource.of(image))) {
            Deque<DirectoryInode> todo = new ArrayDeque<>();
            Set<Long> seen = new HashSet<>();
            todo.push(img.root());
            seen.add(img.superblock().rootInodeRef());
            while (!todo.isEmpty() && seen.size() <= MAX_DIRECTORIES) {
              DirectoryInode dir = todo.pop();
              for (ListingEntry e : img.list(dir)) {
                checkFind(img, dir, e);
                try {
                  Inode child = img.inode(e);
                  if (child instanceof DirectoryInode d && seen.add(e.inodeRef())) {
                    todo.push(d);
                  }
                } catch (SquashfsFormatException rejected) {
                  // a bad child inode; its siblings still count
                }
              }
            }
          }
        });
  }

  private static void checkFind(ImageReader img, DirectoryInode dir, ListingEntry e)
      throws Exception {
    try {
      Optional<ListingEntry> found = img.find(dir, e.name());
      if (found.isPresent()) {
        // Bytes, not the name's UTF-8: a name that is not UTF-8 holds escapes (Names).
        assertArrayEquals(e.rawName(), found.get().rawName(), "find returned another name");
      }
    } catch (SquashfsFormatException rejected) {
      // a corrupt index entry may fail the lookup although the full listing decodes
    }
  }
}
