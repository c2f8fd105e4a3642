package io.github.squashtree.core.read;

import io.github.squashtree.core.format.DataBlock;
import io.github.squashtree.core.format.DirectoryInode;
import io.github.squashtree.core.format.FileInode;
import io.github.squashtree.core.format.Inode;
import io.github.squashtree.core.format.InodeHeader;
import io.github.squashtree.core.format.InodeType;
import io.github.squashtree.core.format.IpcInode;
import io.github.squashtree.core.format.SymlinkInode;
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
                    io.github.squashtree.core.format.MetadataRef.block(listing[0]),
                    2,
                    listing[1],
                    io.github.squashtree.core.format.MetadataRef.offset(listing[0]),
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
    b.rootRef =
        directory(
            b,
            List.of(
                new HandImage.Child("a", a, InodeType.FILE, 1),
                new HandImage.Child("l", l, InodeType.SYMLINK, 2),
                new HandImage.Child("p", p, InodeType.FIFO, 3)),
            4,
            5);
    b.newInodeNumber();
    b.newInodeNumber();
    b.newInodeNumber();
    b.newInodeNumber();
    return b.build();
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
}
