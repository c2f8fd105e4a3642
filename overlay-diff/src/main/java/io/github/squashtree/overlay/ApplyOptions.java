package io.github.squashtree.overlay;

import java.util.Objects;

/**
 * How {@link UpperApply} works.
 *
 * @param layer how the wanted upper directory is planned (comparison, whiteouts, namespace)
 * @param dryRun only report what would be done
 */
public record ApplyOptions(LayerOptions layer, boolean dryRun) {
  public ApplyOptions {
    Objects.requireNonNull(layer, "layer");
  }

  /** {@link LayerOptions#defaults()}, for real. */
  public static ApplyOptions defaults() {
    return new ApplyOptions(LayerOptions.defaults(), false);
  }

  public ApplyOptions withLayer(LayerOptions l) {
    return new ApplyOptions(l, dryRun);
  }

  public ApplyOptions withDryRun(boolean on) {
    return new ApplyOptions(layer, on);
  }
}
