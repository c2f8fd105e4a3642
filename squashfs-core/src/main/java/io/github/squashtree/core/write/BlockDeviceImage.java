package io.github.squashtree.core.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An image written straight into a block device, as mksquashfs writes to a partition. Before any
 * data goes in, the device's first 4 KiB at the image's offset are cleared: a write that fails or
 * is stopped part-way leaves no superblock there, rather than the old one over half-new data.
 * Nothing is written past the device's end: a device too small for the image fails the write there,
 * naming its size. A mounted device (or one with a mounted partition) is refused.
 */
final class BlockDeviceImage extends ImageDestination {
  /** What is cleared first: the superblock and the compressor options, in one page. */
  private static final int CLEARED = 4096;

  private final Path device;
  private final FileChannel channel;
  private final long limit;

  private BlockDeviceImage(Path device, FileChannel channel, long limit) {
    this.device = device;
    this.channel = channel;
    this.limit = limit;
  }

  static BlockDeviceImage open(Path device, long offset) throws IOException {
    long rdev = (Long) Files.getAttribute(device, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    String mounted = MountedDevices.mountPointOf(rdev);
    if (mounted != null) {
      throw new FileSystemException(
          device.toString(), null, "is mounted (at " + mounted + "): it cannot take an image");
    }
    FileChannel channel =
        FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long size = channel.size();
      if (size < offset + CLEARED) {
        throw new FileSystemException(
            device.toString(),
            null,
            "holds "
                + size
                + " bytes: too small for an image"
                + (offset > 0 ? " at offset " + offset : ""));
      }
      ByteBuffer zeros = ByteBuffer.allocate(CLEARED);
      while (zeros.hasRemaining()) {
        channel.write(zeros, offset + zeros.position());
      }
      channel.force(false);
      return new BlockDeviceImage(device, channel, size - offset);
    } catch (IOException | RuntimeException | Error e) {
      channel.close();
      throw e;
    }
  }

  @Override
  FileChannel channel() {
    return channel;
  }

  @Override
  Path path() {
    return device;
  }

  @Override
  long limit() {
    return limit;
  }

  @Override
  boolean truncatable() {
    return false;
  }

  @Override
  void commit() throws IOException {
    channel.force(false);
    channel.close();
  }

  @Override
  void abandon(Throwable e) {
    try {
      channel.close();
    } catch (IOException suppressed) {
      e.addSuppressed(suppressed);
    }
  }

  @Override
  void cancel() {
    // The cleared superblock says there is no image; the rest is the device's.
  }
}
