package io.github.squashtree.cli;

import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.Lz4Options;
import io.github.squashtree.core.compression.LzoOptions;
import io.github.squashtree.core.compression.XzOptions;
import io.github.squashtree.core.compression.ZstdOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * A codec's stored options decoded: as {@code unsquashfs -s} prints them, and as a JSON object with
 * one field per setting (names, not bit masks, for strategies and filters).
 */
final class CompressorOptionsText {
  private static final String[] GZIP_STRATEGIES = {
    "default", "filtered", "huffman_only", "run_length_encoded", "fixed"
  };
  private static final String[] XZ_FILTERS = {"x86", "powerpc", "ia64", "arm", "armthumb", "sparc"};
  private static final String[] LZO_ALGORITHMS = {
    "lzo1x_1", "lzo1x_1_11", "lzo1x_1_12", "lzo1x_1_15", "lzo1x_999"
  };

  private CompressorOptionsText() {}

  /** unsquashfs -s's lines for the options, each starting with a tab. */
  static List<String> lines(CompressorOptions o) {
    List<String> l = new ArrayList<>();
    if (o instanceof GzipOptions g) {
      l.add("\tcompression-level " + g.level());
      l.add("\twindow-size " + g.windowSize());
      l.add("\tStrategies selected: " + String.join(", ", names(g.strategies(), GZIP_STRATEGIES)));
    } else if (o instanceof XzOptions x) {
      l.add("\tDictionary size " + x.dictionarySize());
      l.add("\tFilters selected: " + String.join(", ", names(x.filters(), XZ_FILTERS)));
    } else if (o instanceof ZstdOptions z) {
      l.add("\tcompression-level " + z.level());
    } else if (o instanceof LzoOptions z) {
      l.add("\talgorithm " + lzoAlgorithm(z));
      if (z.algorithm() == LzoOptions.LZO1X_999) {
        // The only algorithm with levels; unsquashfs -s prints none for the others.
        l.add("\tcompression level " + z.level());
      }
    } else if (o instanceof Lz4Options z && z.highCompression()) {
      l.add("\tHigh Compression option specified (-Xhc)");
    }
    return l;
  }

  /** The options as one JSON object. */
  static String json(CompressorOptions o) {
    if (o instanceof GzipOptions g) {
      return "{\"level\":"
          + g.level()
          + ",\"window_size\":"
          + g.windowSize()
          + ",\"strategies\":"
          + array(names(g.strategies(), GZIP_STRATEGIES))
          + "}";
    }
    if (o instanceof XzOptions x) {
      return "{\"dictionary_size\":"
          + x.dictionarySize()
          + ",\"filters\":"
          + array(names(x.filters(), XZ_FILTERS))
          + "}";
    }
    if (o instanceof ZstdOptions z) {
      return "{\"level\":" + z.level() + "}";
    }
    if (o instanceof LzoOptions z) {
      String algorithm = "{\"algorithm\":" + Json.quote(lzoAlgorithm(z));
      return z.algorithm() == LzoOptions.LZO1X_999
          ? algorithm + ",\"level\":" + z.level() + "}"
          : algorithm + "}";
    }
    Lz4Options z = (Lz4Options) o;
    return "{\"version\":" + z.version() + ",\"high_compression\":" + z.highCompression() + "}";
  }

  private static String lzoAlgorithm(LzoOptions o) {
    int a = o.algorithm();
    return a >= 0 && a < LZO_ALGORITHMS.length ? LZO_ALGORITHMS[a] : "unknown_" + a;
  }

  /** The names of the bits set in {@code mask}; a bit with no name as unknown_0xN. */
  private static List<String> names(int mask, String[] byBit) {
    List<String> n = new ArrayList<>();
    for (int bit = 0; bit < 32; bit++) {
      if ((mask & (1 << bit)) != 0) {
        n.add(bit < byBit.length ? byBit[bit] : "unknown_0x" + Integer.toHexString(1 << bit));
      }
    }
    return n;
  }

  private static String array(List<String> words) {
    List<String> quoted = new ArrayList<>();
    for (String w : words) {
      quoted.add(Json.quote(w));
    }
    return "[" + String.join(",", quoted) + "]";
  }
}
