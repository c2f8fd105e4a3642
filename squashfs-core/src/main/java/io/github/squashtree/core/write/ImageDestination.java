package io.github.squashtree.core.write;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where a write puts its image, as mksquashfs does: a regular file is replaced whole (a new file
 * beside it, renamed over it when complete, keeping its mode and owner); a block device is written
 * in place; a symlink is followed, so the file or device it names is written, never the link. A
 * character device, a fifo or a socket is refused: the writer writes the superblock last, at the
 * start, and reads back what it wrote to confirm duplicates, which a stream cannot do (write to a
 * file and copy it).
 */
abstract class ImageDestination {
  private static final int MAX_LINKS = 40;

  /** The channel the image goes to, readable and writable; its position is not used. */
  abstract FileChannel channel();

  /** What the image is written to, for messages: the file or device, links followed. */
  abstract Path path();

  /** How many bytes, from the image's start, the destination holds at most. */
  abstract long limit();

  /** Whether the destination can be cut short (a file; a device keeps its size). */
  abstract boolean truncatable();

  /** Puts the complete image in place; afterwards nothing is to be undone. */
  abstract void commit() throws IOException;

  /** After a failure: removes what this write made, adding its own failures to {@code e}. */
  abstract void abandon(Throwable e);

  /**
   * Stops a write the JVM's shutdown (a signal) cuts short: what it made is removed and the image
   * is never put in place. Called from a shutdown hook, while the write's threads still run.
   */
  abstract void cancel();

  /**
   * The destination for {@code image}, its first {@code offset} bytes kept (see {@link
   * WriterOptions#offset()}).
   *
   * @throws FileSystemException naming the path, for a directory, a character device, a fifo or a
   *     socket, a block device that is too small or mounted, or a missing directory
   */
  static ImageDestination open(Path image, long offset) throws IOException {
    Path target = followLinks(image.toAbsolutePath());
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      Path dir = target.getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        throw new NoSuchFileException(target.toString(), null, "no such directory to make it in");
      }
      return ReplacedFile.create(target, null, offset);
    }
    if (a.isRegularFile()) {
      return ReplacedFile.create(target, a, offset);
    }
    if (a.isDirectory()) {
      throw new FileSystemException(target.toString(), null, "is a directory");
    }
    int mode = unixMode(target);
    return switch (mode & 0170000) {
      case 0060000 -> BlockDeviceImage.open(target, offset);
      case 0020000 -> throw unstreamable(target, "a character device");
      case 0010000 -> throw unstreamable(target, "a fifo");
      default -> throw unstreamable(target, "neither a file nor a block device");
    };
  }

  /** The file {@code p} names once every symlink on the way is followed (it may not exist yet). */
  static Path followLinks(Path p) throws IOException {
    Path at = p;
    for (int hops = 0; Files.isSymbolicLink(at); hops++) {
      if (hops == MAX_LINKS) {
        throw new FileSystemException(p.toString(), null, "too many levels of symbolic links");
      }
      Path parent = at.toAbsolutePath().getParent();
      at = parent.resolve(Files.readSymbolicLink(at)).normalize();
    }
    // The directory it is in, with its own links resolved: where the temporary file goes.
    Path dir = at.getParent();
    if (dir != null && Files.isDirectory(dir)) {
      at = dir.toRealPath().resolve(at.getFileName());
    }
    return at;
  }

  static int unixMode(Path p) throws IOException {
    try {
      return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return 0;
    }
  }

  private static FileSystemException unstreamable(Path p, String what) {
    return new FileSystemException(
        p.toString(),
        null,
        "is "
            + what
            + ": an image goes to a file or a block device (it is not written as a stream: the"
            + " superblock comes last, at the start; write a file and copy it)");
  }
}
