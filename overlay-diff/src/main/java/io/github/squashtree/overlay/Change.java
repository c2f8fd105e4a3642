package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.Entry;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One difference between an old and a new tree, at one path.
 *
 * @param path the absolute path ("/" for the root)
 * @param kind what has to happen to the path
 * @param fields what differs; empty for {@link ChangeKind#ADD} and {@link ChangeKind#DELETE}
 * @param before the entry in the old tree; null for {@link ChangeKind#ADD}
 * @param after the entry in the new tree; null for {@link ChangeKind#DELETE}
 */
public record Change(
    String path, ChangeKind kind, Set<ChangeField> fields, Entry before, Entry after) {
  /**
   * Checks that the path and the kind are given.
   *
   * @param path the absolute path ("/" for the root)
   * @param kind what has to happen to the path
   * @param fields what differs; empty for {@link ChangeKind#ADD} and {@link ChangeKind#DELETE}
   * @param before the entry in the old tree; null for {@link ChangeKind#ADD}
   * @param after the entry in the new tree; null for {@link ChangeKind#DELETE}
   */
  public Change {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    fields =
        fields.isEmpty()
            ? Collections.emptySet()
            : Collections.unmodifiableSet(EnumSet.copyOf(fields));
    if ((before == null) != (kind == ChangeKind.ADD)
        || (after == null) != (kind == ChangeKind.DELETE)) {
      throw new IllegalArgumentException(kind + " with before=" + before + " after=" + after);
    }
  }

  /**
   * The path relative to the root, as rsync prints it: no leading slash, "." for the root.
   *
   * @return the path without its leading '/'
   */
  public String relativePath() {
    return path.equals("/") ? "." : path.substring(1);
  }

  /**
   * Whether {@code field} differs.
   *
   * @param field a field
   * @return whether it differs
   */
  public boolean has(ChangeField field) {
    return fields.contains(field);
  }

  /** This change with {@code field} added; a {@link ChangeKind#METADATA} change stays one. */
  Change with(ChangeField field) {
    EnumSet<ChangeField> more =
        fields.isEmpty() ? EnumSet.noneOf(ChangeField.class) : EnumSet.copyOf(fields);
    more.add(field);
    return new Change(path, kind, more, before, after);
  }
}
