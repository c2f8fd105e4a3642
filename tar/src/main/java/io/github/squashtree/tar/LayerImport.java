package io.github.squashtree.tar;

import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.StoredContent;
import io.github.squashtree.core.write.StreamingWrite;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads the members of one tar archive into an {@link ArchiveTree}, in archive order: each name
 * checked ({@link ArchivePaths}), each file's content compressed into the image as it arrives —
 * unless the layers above hide its name ({@code shows}), when it is skipped. With OCI whiteouts,
 * {@code .wh.NAME} and {@code .wh..wh..opq} members become whiteouts and opaque marks.
 */
final class LayerImport {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";

  /** Times beyond this many seconds from the epoch are clamped (SquashFS keeps 32 bits anyway). */
  private static final long TIME_RANGE = 1L << 40;

  private final ArchiveTree tree;
  private final StreamingWrite write;
  private final boolean ociWhiteouts;
  private final boolean refuseDeviceWhiteouts;
  private final Predicate<String> shows;
  private final String privatePrefix;
  private final Consumer<String> warnings;

  /**
   * @param refuseDeviceWhiteouts whether a 0/0 character device member is an error: in a layer it
   *     would delete a lower name, which the archive did not say
   * @param shows whether a file at a path will show (layers above may hide it)
   * @param privatePrefix xattrs of members that start with it are left out (with a warning):
   *     overlayfs's own ({@code trusted.overlay.}), which in a layer would delete or hide what the
   *     archive does not say; null to keep all
   */
  LayerImport(
      ArchiveTree tree,
      StreamingWrite write,
      boolean ociWhiteouts,
      boolean refuseDeviceWhiteouts,
      Predicate<String> shows,
      String privatePrefix,
      Consumer<String> warnings) {
    this.privatePrefix = privatePrefix;
    this.warnings = warnings;
    this.tree = tree;
    this.write = write;
    this.ociWhiteouts = ociWhiteouts;
    this.refuseDeviceWhiteouts = refuseDeviceWhiteouts;
    this.shows = shows;
  }

  /** Applies every member of {@code archive} (uncompressed). */
  void apply(InputStream archive) throws IOException {
    TarReader reader = new TarReader(archive);
    for (TarEntry e; (e = reader.next()) != null; ) {
      apply(e, reader);
    }
  }

  /**
   * Reads the content of {@code needed} (files whose names were hidden when they arrived, that a
   * hard link shows) from a second reading of the archive.
   */
  void fetch(InputStream archive, Set<ArchiveTree.Inode> needed) throws IOException {
    Map<Long, ArchiveTree.Inode> byOffset = new HashMap<>();
    for (ArchiveTree.Inode inode : needed) {
      byOffset.put(inode.contentOffset, inode);
    }
    TarReader reader = new TarReader(archive);
    for (TarEntry e; !byOffset.isEmpty() && (e = reader.next()) != null; ) {
      ArchiveTree.Inode inode = byOffset.remove(e.offset());
      if (inode != null) {
        if (e.kind() != TarEntry.Kind.FILE || e.size() != inode.metadata.size()) {
          throw new TarFormatException("the archive changed while it was read");
        }
        inode.content = content(reader, e);
      }
    }
    if (!byOffset.isEmpty()) {
      throw new TarFormatException("the archive changed while it was read");
    }
  }

  /** The current member's content into the image: a sparse file's holes never read. */
  private StoredContent content(TarReader reader, TarEntry e) throws IOException {
    long[] ranges = reader.sparseRanges();
    if (ranges == null) {
      return write.content(reader.content(), e.size());
    }
    return write.content(reader.storedContent(), e.size(), ranges);
  }

  private void apply(TarEntry e, TarReader reader) throws IOException {
    String where = e.printableName() + " (at byte " + e.offset() + ")";
    String path = ArchivePaths.normalize(e.name(), where, "name");
    if (ociWhiteouts && !path.equals("/")) {
      int slash = path.lastIndexOf('/');
      String name = path.substring(slash + 1);
      String dir = slash == 0 ? "/" : path.substring(0, slash);
      if (name.equals(OPAQUE)) {
        tree.opaque(dir, where);
        return;
      }
      if (name.startsWith(WHITEOUT + WHITEOUT)) {
        return; // AUFS's own bookkeeping (.wh..wh.plnk, ...): no name of the tree
      }
      if (name.startsWith(WHITEOUT)) {
        String deleted = name.substring(WHITEOUT.length());
        if (deleted.isEmpty() || deleted.equals(".") || deleted.equals("..")) {
          throw new TarFormatException(where + ": a whiteout of no name");
        }
        tree.whiteout((dir.equals("/") ? "" : dir) + "/" + deleted, where);
        return;
      }
    }
    switch (e.kind()) {
      case HARD_LINK -> {
        String target = ArchivePaths.normalize(e.link(), where, "hard link target");
        ArchiveTree.Node node = tree.member(target);
        if (node == null) {
          throw new TarFormatException(
              where + ": hard link to " + target + ", which no earlier member is");
        }
        if (node.isDirectory()) {
          throw new TarFormatException(where + ": hard link to the directory " + target);
        }
        tree.link(path, node.inode, where);
      }
      case FILE -> {
        ArchiveTree.Node node =
            tree.place(path, metadata(e, EntryType.FILE, e.size(), null), where);
        node.inode.contentOffset = e.offset();
        if (e.size() > 0 && shows.test(path)) {
          node.inode.content = content(reader, e);
        }
      }
      case DIRECTORY -> tree.place(path, metadata(e, EntryType.DIRECTORY, 0, null), where);
      case SYMLINK -> {
        if (e.link().length == 0) {
          throw new TarFormatException(where + ": symlink to an empty target");
        }
        for (byte b : e.link()) {
          if (b == 0) {
            throw new TarFormatException(where + ": symlink target with a NUL byte");
          }
        }
        String target = Names.decode(e.link());
        tree.place(path, metadata(e, EntryType.SYMLINK, e.link().length, target), where);
      }
      case CHAR_DEVICE -> {
        if (refuseDeviceWhiteouts && e.devMajor() == 0 && e.devMinor() == 0) {
          throw new TarFormatException(
              where + ": a 0/0 character device would be a whiteout in the layer");
        }
        tree.place(path, metadata(e, EntryType.CHAR_DEVICE, 0, null), where);
      }
      case BLOCK_DEVICE -> tree.place(path, metadata(e, EntryType.BLOCK_DEVICE, 0, null), where);
      case FIFO -> tree.place(path, metadata(e, EntryType.FIFO, 0, null), where);
    }
  }

  private Metadata metadata(TarEntry e, EntryType type, long size, String target) {
    SortedMap<String, byte[]> xattrs = e.xattrs();
    if (privatePrefix != null && !xattrs.isEmpty()) {
      SortedMap<String, byte[]> kept = new TreeMap<>();
      for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
        if (x.getKey().startsWith(privatePrefix)) {
          warnings.accept(
              e.printableName()
                  + ": "
                  + x.getKey()
                  + " left out (an OCI layer says deletions with .wh. names)");
        } else {
          kept.put(x.getKey(), x.getValue());
        }
      }
      xattrs = kept;
    }
    return metadata(e, type, size, target, xattrs);
  }

  /** The last time made: members in a row often share one, and each costs 24 bytes kept. */
  private Instant lastTime = Instant.EPOCH;

  private Metadata metadata(
      TarEntry e, EntryType type, long size, String target, SortedMap<String, byte[]> xattrs) {
    boolean device = type == EntryType.CHAR_DEVICE || type == EntryType.BLOCK_DEVICE;
    long seconds = Math.max(-TIME_RANGE, Math.min(TIME_RANGE, e.mtimeSeconds()));
    if (lastTime.getEpochSecond() != seconds || lastTime.getNano() != e.mtimeNanos()) {
      lastTime = Instant.ofEpochSecond(seconds, e.mtimeNanos());
    }
    Instant mtime = lastTime;
    return ArchiveTree.metadata(
        type,
        e.permissions(),
        e.uid(),
        e.gid(),
        mtime,
        size,
        target,
        device ? e.devMajor() : 0,
        device ? e.devMinor() : 0,
        xattrs,
        0);
  }
}
