package io.github.squashtree.overlay;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * A sync or an apply that failed part-way: says exactly what was done before the failure (the
 * cause), so that nothing has to be guessed about the state of the directory.
 */
public final class IncompleteSyncException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient List<Change> plan;
  private final transient List<Change> done;
  private final transient List<String> removedOnly;

  IncompleteSyncException(
      List<Change> plan, List<Change> done, Set<String> removedOnly, Throwable cause) {
    super(message(plan, done, removedOnly, cause), cause);
    this.plan = List.copyOf(plan);
    this.done = List.copyOf(done);
    this.removedOnly = List.copyOf(removedOnly);
  }

  private static String message(
      List<Change> plan, List<Change> done, Set<String> removedOnly, Throwable cause) {
    String what = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    StringBuilder m =
        new StringBuilder(what)
            .append(" (stopped after ")
            .append(done.size())
            .append(" of ")
            .append(plan.size())
            .append(" changes");
    if (!done.isEmpty()) {
      m.append("; made: ");
      appendPaths(m, done.stream().map(Change::path).toList());
    }
    if (!removedOnly.isEmpty()) {
      m.append("; removed to be replaced, not made again: ");
      appendPaths(m, List.copyOf(removedOnly));
    }
    return m.append(')').toString();
  }

  private static void appendPaths(StringBuilder m, List<String> paths) {
    int shown = Math.min(paths.size(), 10);
    m.append(String.join(", ", paths.subList(0, shown)));
    if (shown < paths.size()) {
      m.append(" and ").append(paths.size() - shown).append(" more");
    }
  }

  /**
   * Every change that was to be made, in order.
   *
   * @return every change planned
   */
  public List<Change> plan() {
    return plan;
  }

  /**
   * The changes that were made completely, in the order they were made.
   *
   * @return the changes made before the failure
   */
  public List<Change> done() {
    return done;
  }

  /**
   * Paths whose old object was removed for a replacement that was not made.
   *
   * @return the paths of replaced entries whose removal was done but whose new object was not made
   */
  public List<String> removedOnly() {
    return removedOnly;
  }
}
