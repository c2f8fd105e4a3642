package io.github.squashtree.overlay;

import java.io.IOException;
import java.util.List;

/**
 * A last look at the whole plan of a {@link OverlaySync sync} or an {@link UpperApply apply} before
 * anything is changed; it throws to stop the run with nothing done (a caller that cannot report
 * some change, say).
 */
@FunctionalInterface
public interface PlanCheck {
  /** Accepts every plan. */
  PlanCheck NONE = plan -> {};

  /**
   * Throws to stop the run before its first change.
   *
   * @param plan every change the run would make, in order
   * @throws IOException to stop the run
   */
  void check(List<Change> plan) throws IOException;
}
