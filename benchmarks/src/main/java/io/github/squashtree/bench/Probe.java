package io.github.squashtree.bench;

import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.internal.extract.Extractor;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Metadata;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A stand-in for the two CLI commands the side-by-side runs time, for profiling the library alone
 * in one process (e.g. under JFR):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.squashtree.bench.Probe extract IMG DEST
 * java -cp benchmarks/target/benchmarks.jar io.github.squashtree.bench.Probe ls IMG
 * </pre>
 */
public final class Probe {
  private Probe() {}

  public static void main(String[] args) throws IOException {
    try (ImageReader image = ImageReader.open(Path.of(args[1]))) {
      switch (args[0]) {
        case "extract" ->
            new Extractor(image, ExtractOptions.forCurrentUser(false), ExtractListener.NONE)
                .extract("/", Path.of(args[2]));
        case "ls" -> {
          ImageTree tree = ImageTree.of(image);
          Writer out =
              new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 65536);
          list(tree, tree.root(), out);
          out.flush();
        }
        default -> throw new IllegalArgumentException("extract IMG DEST | ls IMG");
      }
    }
  }

  private static void list(ImageTree tree, Entry dir, Writer out) throws IOException {
    for (Entry e : tree.children(dir)) {
      Metadata m = e.metadata();
      out.write(Integer.toOctalString(m.mode()));
      out.write(' ');
      out.write(Long.toString(m.uid()));
      out.write('/');
      out.write(Long.toString(m.gid()));
      out.write(' ');
      out.write(Long.toString(m.size()));
      out.write(' ');
      out.write(Long.toString(m.mtime().getEpochSecond()));
      out.write(' ');
      out.write(e.path());
      if (m.symlinkTarget() != null) {
        out.write(" -> ");
        out.write(m.symlinkTarget());
      }
      out.write('\n');
      if (e.isDirectory()) {
        list(tree, e, out);
      }
    }
  }
}
