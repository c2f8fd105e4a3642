package io.github.squashtree.cli;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.internal.io.ImageFiles;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.overlay.OverlayNamespace;
import io.github.squashtree.overlay.OverlayTree;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
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
    if (Files.isDirectory(p)) {
      return DirectoryTree.open(p.toRealPath());
    }
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(p.toString(), null, "no such file or directory");
    }
    ImageFiles.requireReadable(p); // before opening: a fifo would block the open
    byte[] head = new byte[4];
    try (InputStream in = Files.newInputStream(p)) {
      if (in.readNBytes(head, 0, 4) != 4 || !Arrays.equals(head, MAGIC)) {
        throw new IOException(p + ": neither a directory nor a SquashFS image");
      }
    }
    return SquashfsImage.open(p);
  }

  /**
   * The overlay of {@code base}, then each of {@code layers} (images or directories), then the
   * directory {@code upper} if given; just {@code base} when there is nothing on top.
   */
  static Tree openStack(Path base, List<Path> layers, Path upper, OverlayNamespace ns)
      throws IOException {
    List<Tree> opened = openLayers(base, layers, upper).trees();
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
    List<Tree> opened = new ArrayList<>();
    try {
      opened.add(open(base));
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
