package io.github.squashtree.cli;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.ReaderOptions;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.internal.io.ImageFiles;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.overlay.OverlayNamespace;
import io.github.squashtree.overlay.OverlayTree;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Opens a command-line tree: a directory, or a file that starts with the SquashFS magic. */
final class TreeArgument {
  private static final byte[] MAGIC = {'h', 's', 'q', 's'};

  private TreeArgument() {}

  static Tree open(Path p) throws IOException {
    return open(p, 0);
  }

  /** As {@link #open(Path)}, an image read from {@code offset} bytes into the file. */
  static Tree open(Path p, long offset) throws IOException {
    if (Files.isDirectory(p)) {
      return DirectoryTree.open(p.toRealPath());
    }
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(p.toString(), null, "no such file or directory");
    }
    ImageFiles.requireReadable(p); // before opening: a fifo would block the open
    ByteBuffer head = ByteBuffer.allocate(4);
    try (FileChannel in = FileChannel.open(p)) {
      while (head.hasRemaining() && in.read(head, offset + head.position()) > 0) {
        // the magic number, at the offset
      }
      if (head.hasRemaining() || !Arrays.equals(head.array(), MAGIC)) {
        throw new IOException(
            p
                + ": neither a directory nor a SquashFS image"
                + (offset > 0 ? " at offset " + offset : ""));
      }
    }
    return SquashfsImage.open(p, ReaderOptions.defaults().withOffset(offset));
  }

  /**
   * The overlay of {@code base}, then each of {@code layers} (images or directories), then the
   * directory {@code upper} if given; just {@code base} when there is nothing on top.
   */
  static Tree openStack(Path base, List<Path> layers, Path upper, OverlayNamespace ns)
      throws IOException {
    return openStack(base, 0, layers, upper, ns);
  }

  /** As above, the base image read from {@code offset} bytes into its file. */
  static Tree openStack(Path base, long offset, List<Path> layers, Path upper, OverlayNamespace ns)
      throws IOException {
    List<Tree> opened = openLayers(base, offset, layers, upper).trees();
    return opened.size() == 1 ? opened.get(0) : OverlayTree.stack(opened, ns);
  }

  /** Trees opened together, closed together. */
  record Layers(List<Tree> trees) implements Closeable {
    /** Closes every tree, even when closing one fails. */
    @Override
    public void close() throws IOException {
      IOException failure = null;
      for (Tree t : trees) {
        try {
          t.close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /**
   * {@code base}, then each of {@code layers} (images or directories), then the directory {@code
   * upper} if given, opened bottom first.
   */
  static Layers openLayers(Path base, List<Path> layers, Path upper) throws IOException {
    return openLayers(base, 0, layers, upper);
  }

  /** As above, the base image read from {@code offset} bytes into its file. */
  static Layers openLayers(Path base, long offset, List<Path> layers, Path upper)
      throws IOException {
    List<Tree> opened = new ArrayList<>();
    try {
      opened.add(open(base, offset));
      for (Path layer : layers) {
        opened.add(open(layer));
      }
      if (upper != null) {
        if (!Files.isDirectory(upper)) {
          throw new IOException(upper + ": the upper layer must be a directory");
        }
        opened.add(DirectoryTree.open(upper.toRealPath()));
      }
      return new Layers(List.copyOf(opened));
    } catch (IOException | RuntimeException e) {
      try {
        new Layers(opened).close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
