package io.github.squashtree.cli;

import io.github.squashtree.overlay.OverlayNamespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The layers put over a base image: {@code --layer} (repeated, bottom first) and {@code --upper}.
 */
final class LayerStackOptions {
  @Option(
      names = "--layer",
      paramLabel = "L",
      description =
          "A delta layer (image or directory) over the base; repeat for a stack, the bottom first.")
  List<Path> layers = new ArrayList<>();

  @Option(
      names = "--upper",
      paramLabel = "UPPER",
      description = "An overlay upper directory, on top of everything else.")
  Path upper;

  @Option(
      names = "--userxattr",
      description = "Overlay attributes are user.overlay.* (mount option userxattr).")
  boolean userXattrs;

  OverlayNamespace namespace() {
    return userXattrs ? OverlayNamespace.USER : OverlayNamespace.TRUSTED;
  }

  /**
   * The inputs a command reads through this stack, by the names its usage gives them: {@code base}
   * (called {@code baseName}), each layer and the upper dir, after {@code others}.
   */
  Map<String, Path> inputs(String baseName, Path base, Map<String, Path> others) {
    Map<String, Path> all = new LinkedHashMap<>(others);
    all.put(baseName, base);
    for (int i = 0; i < layers.size(); i++) {
      all.put("--layer " + layers.get(i), layers.get(i));
    }
    if (upper != null) {
      all.put("--upper", upper);
    }
    return all;
  }

  boolean isEmpty() {
    return layers.isEmpty() && upper == null;
  }
}
