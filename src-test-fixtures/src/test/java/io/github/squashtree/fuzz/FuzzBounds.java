package io.github.squashtree.fuzz;

import io.github.squashtree.core.SquashfsFormatException;

/**
 * What the fuzz targets agree on: how long one input may take, how much file content a walk reads,
 * and which outcomes are not findings.
 */
final class FuzzBounds {
  /** Seconds one input may take; {@code @Timeout} on each target says the same. */
  static final int SECONDS_PER_INPUT = 10;

  /** File content a walk reads at most, so a valid image of huge sparse files is not a hang. */
  static final long READ_LIMIT = 64L << 20;

  private FuzzBounds() {}

  /** A step of a target that may fail on bad input. */
  interface Step {
    void run() throws Exception;
  }

  /**
   * Runs {@code step}: a result or {@link SquashfsFormatException} is the contract; any other
   * exception or error is rethrown so that Jazzer reports it as a finding.
   */
  static void expectResultOrFormatError(Step step) throws Exception {
    try {
      step.run();
    } catch (SquashfsFormatException expected) {
      // bad input, rejected as the contract says
    }
  }
}
