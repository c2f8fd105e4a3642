package io.github.squashtree.examples;

import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.image.ImageInfo;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Reads an image without mounting it: java ReadImage IMAGE FILE OUT_DIR. */
public final class ReadImage {
  public static void main(String[] args) throws IOException {
    Path image = Path.of(args[0]);
    try (SquashfsImage sqfs = SquashfsImage.open(image)) {
      ImageInfo info = sqfs.info();
      System.out.println(info.compression().label() + ", blocks of " + info.blockSize());

      // A file's content, as a stream or by position (only the blocks needed are decoded).
      Entry file = sqfs.lookup(args[1]).orElseThrow();
      try (InputStream in = sqfs.open(file)) {
        in.transferTo(System.out);
      }
      byte[] head = new byte[4];
      int n = sqfs.read(file, 0, head, 0, head.length);
      System.out.println(n + " bytes at offset 0");

      // Directories list in name order, with their metadata.
      for (Entry e : sqfs.children(sqfs.root())) {
        System.out.printf("%s %o %s%n", e.type().label(), e.metadata().permissions(), e.path());
      }

      // Everything into a new directory, as unsquashfs -d does.
      sqfs.extract(
          "/", Path.of(args[2]), ExtractOptions.forCurrentUser(false), ExtractListener.NONE);
    }
  }
}
