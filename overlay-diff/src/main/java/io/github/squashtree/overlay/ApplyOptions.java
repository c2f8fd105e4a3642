package io.github.squashtree.overlay;

import java.util.Objects;

/**
 * How {@link UpperApply} works.
 *
 * @param layer how the wanted upper directory is planned (comparison, whiteouts, namespace)
 * @param dryRun only report what would be done
 */
public record ApplyOptions(LayerOptions layer, boolean dryRun) {
  /**
   * Checks that nothing is null.
   *
   * @param layer how the wanted upper directory is planned (comparison, whiteouts, namespace)
   * @param dryRun only report what would be done
   */
  public ApplyOptions {
    Objects.requireNonNull(layer, "layer");
  }

  /**
   * {@link LayerOptions#defaults()}, for real.
   *
   * @return the default options
   */
  public static ApplyOptions defaults() {
    return new ApplyOptions(LayerOptions.defaults(), false);
  }

  /**
   * These options with another layer plan.
   *
   * @param l how the changes are planned
   * @return the new options
   */
  public ApplyOptions withLayer(LayerOptions l) {
    return new ApplyOptions(l, dryRun);
  }

  /**
   * These options as a dry run or a real one.
   *
   * @param on whether only the plan is reported
   * @return the new options
   */
  public ApplyOptions withDryRun(boolean on) {
    return new ApplyOptions(layer, on);
  }
}
