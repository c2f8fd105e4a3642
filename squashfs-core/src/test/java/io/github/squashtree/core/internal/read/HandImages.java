package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.InodeHeader;
import io.github.squashtree.core.internal.format.InodeType;
import io.github.squashtree.core.internal.format.IpcInode;
import io.github.squashtree.core.internal.format.SymlinkInode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Ready-made hand-built images: a valid one and variations of it. */
public final class HandImages {
  private HandImages() {}

  public static InodeHeader header(int type, int number) {
    return new InodeHeader(type, 0644, 0, 0, 1_700_000_000L, number);
  }

  public static long file(HandImage b, byte[] content, int number) {
    long start = b.data(content);
    return b.inode(
        buf ->
            new FileInode(
                    header(InodeType.FILE, number),
                    start,
                    content.length,
                    0,
                    1,
                    Inode.NONE,
                    0,
                    Inode.NONE,
                    new int[] {DataBlock.word(content.length, false)})
                .encodeTo(buf));
  }

  public static long symlink(HandImage b, String target, int number) {
    return b.inode(
        buf ->
            new SymlinkInode(
                    header(InodeType.SYMLINK, number),
                    1,
                    target.getBytes(StandardCharsets.UTF_8),
                    Inode.NONE)
                .encodeTo(buf));
  }

  public static long fifo(HandImage b, int number) {
    return b.inode(
        buf -> new IpcInode(header(InodeType.FIFO, number), 1, Inode.NONE).encodeTo(buf));
  }

  public static long directory(
      HandImage b, List<HandImage.Child> children, int number, int parent) {
    long[] listing = b.listing(children);
    return b.inode(
        buf ->
            new DirectoryInode(
                    header(InodeType.DIRECTORY, number),
                    io.github.squashtree.core.internal.format.MetadataRef.block(listing[0]),
                    2,
                    listing[1],
                    io.github.squashtree.core.internal.format.MetadataRef.offset(listing[0]),
                    parent,
                    Inode.NONE,
                    List.of())
                .encodeTo(buf));
  }

  /** A root holding file "a" ("hello"), symlink "l" -> "a" and fifo "p". */
  public static byte[] valid() {
    HandImage b = new HandImage();
    long a = file(b, "hello".getBytes(StandardCharsets.UTF_8), 1);
    long l = symlink(b, "a", 2);
    long p = fifo(b, 3);
    return withRoot(
        b,
        new HandImage.Child("a", a, InodeType.FILE, 1),
        new HandImage.Child("l", l, InodeType.SYMLINK, 2),
        new HandImage.Child("p", p, InodeType.FIFO, 3));
  }

  /** A root with children named as given, each a symlink (names in the given order). */
  public static byte[] rootWithNames(String... names) {
    HandImage b = new HandImage();
    HandImage.Child[] children = new HandImage.Child[names.length];
    for (int i = 0; i < names.length; i++) {
      long ref = symlink(b, "t", i + 1);
      children[i] = new HandImage.Child(names[i], ref, InodeType.SYMLINK, i + 1);
      b.newInodeNumber();
    }
    b.rootRef = directory(b, List.of(children), names.length + 1, 0);
    b.newInodeNumber();
    return b.build();
  }

  /**
   * Finishes an image whose only entry, inode 1 called {@code name}, is already written: adds the
   * root (inode 2) and builds.
   */
  public static byte[] withSingleEntry(HandImage b, String name, long ref, int type) {
    return withRoot(b, new HandImage.Child(name, ref, type, 1));
  }

  /**
   * Finishes an image whose entries, inodes 1 to n, are written: adds the root (inode n + 1)
   * listing {@code children} in the order given, and builds.
   */
  public static byte[] withRoot(HandImage b, HandImage.Child... children) {
    b.rootRef = directory(b, List.of(children), children.length + 1, children.length + 2);
    for (int i = 0; i <= children.length; i++) {
      b.newInodeNumber();
    }
    return b.build();
  }

  /**
   * A valid image with every table an image can have: a one-block file "a", a file "t" held in a
   * fragment, and a symlink "x" with one xattr, so the id, xattr, inode, directory and fragment
   * tables all exist (for truncation at each table boundary).
   */
  public static byte[] validWithAllTables() {
    HandImage b = new HandImage();
    long a = file(b, "block".getBytes(StandardCharsets.UTF_8), 1);
    long tailAt = b.data("tail".getBytes(StandardCharsets.UTF_8));
    b.fragment(tailAt, DataBlock.word(4, false));
    long t =
        b.inode(
            buf ->
                new FileInode(header(InodeType.FILE, 2), 0, 4, 0, 1, 0, 0, Inode.NONE, new int[0])
                    .encodeTo(buf));
    byte[] kv = {0, 0, 1, 0, 'k', 1, 0, 0, 0, 'v'};
    long set = b.xattrSet(kv, 1);
    long x =
        b.inode(
            buf ->
                new SymlinkInode(header(InodeType.EXTENDED_SYMLINK, 3), 1, new byte[] {'a'}, set)
                    .encodeTo(buf));
    b.rootRef =
        directory(
            b,
            List.of(
                new HandImage.Child("a", a, InodeType.FILE, 1),
                new HandImage.Child("t", t, InodeType.FILE, 2),
                new HandImage.Child("x", x, InodeType.SYMLINK, 3)),
            4,
            5);
    for (int i = 0; i < 4; i++) {
      b.newInodeNumber();
    }
    return b.build();
  }
}
