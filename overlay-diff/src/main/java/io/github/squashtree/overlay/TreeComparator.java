package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.NameOrder;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares two trees: the changes that turn an old tree into a new one.
 *
 * <p>Both trees are walked together, children merged by name, so the cost grows with the size of
 * the trees. A path only in the old tree is one {@link ChangeKind#DELETE} (a directory's content is
 * not listed); a path only in the new tree is an {@link ChangeKind#ADD}, and so is everything below
 * an added directory. A changed type is a {@link ChangeKind#REPLACE}, followed by adds for the
 * content of a new directory. Otherwise a regular file whose content differs is a {@link
 * ChangeKind#MODIFY} and any other difference a {@link ChangeKind#METADATA}; see {@link
 * ChangeField} for what is compared. Directories are compared like any entry, the root included.
 *
 * <p>Times are compared at the coarser precision of the two trees (and of {@link
 * CompareOptions#precision()}), by {@link MtimeRule}. Content: by default, equal size and mtime
 * mean equal content (rsync's quick check); with {@link CompareOptions#checksum()}, files of equal
 * size are read and compared byte by byte as streams, files of 1 MiB and more on a small pool.
 *
 * <p>Memory grows with the number of changes and of entries with more than one link, not with the
 * trees; the changes are collected and returned in path order once the walk is done, because a
 * hard-link change can only be known when all names of a group have been seen.
 */
public final class TreeComparator {
  private final Tree before;
  private final Tree after;
  private final CompareOptions options;
  private final TimePrecision precision;
  private final List<Change> changes = new ArrayList<>();
  private final LinkStructure links = new LinkStructure();

  private TreeComparator(Tree before, Tree after, CompareOptions options) {
    this.before = before;
    this.after = after;
    this.options = options;
    this.precision =
        TimePrecision.coarser(
            TimePrecision.coarser(before.precision(), after.precision()), options.precision());
  }

  /**
   * The changes that turn {@code before} into {@code after}.
   *
   * @param before the old tree
   * @param after the new tree
   * @param options checksum, precision, threads
   * @return the changes
   * @throws IOException if a tree cannot be read
   */
  public static Comparison compare(Tree before, Tree after, CompareOptions options)
      throws IOException {
    Objects.requireNonNull(options, "options");
    return new TreeComparator(before, after, options).run();
  }

  /**
   * With {@link CompareOptions#defaults()}.
   *
   * @param before the old tree
   * @param after the new tree
   * @return the changes
   * @throws IOException if a tree cannot be read
   */
  public static Comparison compare(Tree before, Tree after) throws IOException {
    return compare(before, after, CompareOptions.defaults());
  }

  /** The precision at which this comparison compares mtimes. */
  TimePrecision precision() {
    return precision;
  }

  private Comparison run() throws IOException {
    try (ContentChecks checks = new ContentChecks(before, after, options, this::addChange)) {
      Entry a = before.root();
      Entry b = after.root();
      pair(a, b, checks, new ArrayDeque<>());
      directory(a, b, checks);
      checks.finish();
    }
    Map<String, Integer> index = new HashMap<>();
    changes.sort((x, y) -> PathOrder.PATHS.compare(x.path(), y.path()));
    for (int i = 0; i < changes.size(); i++) {
      index.put(changes.get(i).path(), i);
    }
    List<Change> linkOnly = new ArrayList<>();
    for (String path : links.changedPaths()) {
      Integer i = index.get(path);
      if (i != null) {
        changes.set(i, changes.get(i).with(ChangeField.HARD_LINKS));
      } else {
        Entry[] pair = links.pair(path);
        linkOnly.add(
            new Change(
                path, ChangeKind.METADATA, EnumSet.of(ChangeField.HARD_LINKS), pair[0], pair[1]));
      }
    }
    if (!linkOnly.isEmpty()) {
      changes.addAll(linkOnly);
      changes.sort((x, y) -> PathOrder.PATHS.compare(x.path(), y.path()));
    }
    return new Comparison(changes, links.newGroupsByPath());
  }

  private synchronized void addChange(Change c) {
    changes.add(c);
  }

  /**
   * A directory being walked: the children of both sides merged by name ({@code added} null), or
   * the children of an added directory, all added ({@code as} and {@code bs} unused).
   */
  private static final class Frame {
    final List<Entry> as;
    final List<Entry> bs;
    final boolean added;
    int i;
    int j;

    Frame(List<Entry> as, List<Entry> bs, boolean added) {
      this.as = as;
      this.bs = bs;
      this.added = added;
    }
  }

  /**
   * Walks both trees below a pair of directories, depth first in name order. Its own stack, not
   * recursion: a tree (an image above all) can be far deeper than the thread's stack allows.
   */
  private void directory(Entry dirA, Entry dirB, ContentChecks checks) throws IOException {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(before.children(dirA), after.children(dirB), false));
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.added) {
        if (f.j == f.bs.size()) {
          stack.pop();
        } else {
          added(f.bs.get(f.j++), stack);
        }
        continue;
      }
      List<Entry> as = f.as;
      List<Entry> bs = f.bs;
      if (f.i == as.size() && f.j == bs.size()) {
        stack.pop();
        continue;
      }
      int order =
          f.i == as.size()
              ? 1
              : f.j == bs.size()
                  ? -1
                  : NameOrder.NAMES.compare(as.get(f.i).name(), bs.get(f.j).name());
      if (order < 0) {
        Entry gone = as.get(f.i++);
        addChange(new Change(gone.path(), ChangeKind.DELETE, Set.of(), gone, null));
      } else if (order > 0) {
        added(bs.get(f.j++), stack);
      } else {
        Entry a = as.get(f.i++);
        Entry b = bs.get(f.j++);
        if (pair(a, b, checks, stack) && a.isDirectory()) {
          stack.push(new Frame(before.children(a), after.children(b), false));
        }
      }
    }
  }

  /** An entry only in the new tree; the content of a directory is added next, from the stack. */
  private void added(Entry b, Deque<Frame> stack) throws IOException {
    addChange(new Change(b.path(), ChangeKind.ADD, Set.of(), null, b));
    if (b.isDirectory()) {
      stack.push(new Frame(null, after.children(b), true));
    } else {
      links.added(b);
    }
  }

  /**
   * Compares one pair of the same name; false when the types differ (a new directory's content is
   * then added next, from {@code stack}).
   */
  private boolean pair(Entry a, Entry b, ContentChecks checks, Deque<Frame> stack)
      throws IOException {
    if (a.type() != b.type()) {
      addChange(new Change(b.path(), ChangeKind.REPLACE, EnumSet.of(ChangeField.TYPE), a, b));
      if (b.isDirectory()) {
        stack.push(new Frame(null, after.children(b), true));
      } else {
        links.added(b);
      }
      return false;
    }
    EnumSet<ChangeField> fields = metadataFields(a.metadata(), b.metadata());
    if (a.type() != EntryType.DIRECTORY) {
      links.common(a, b);
    }
    if (a.type() == EntryType.FILE) {
      if (a.metadata().size() != b.metadata().size()) {
        fields.add(ChangeField.SIZE);
        fields.add(ChangeField.CONTENT);
      } else if (options.checksum()) {
        checks.submit(a, b, fields);
        return true;
      } else if (fields.contains(ChangeField.MTIME)) {
        fields.add(ChangeField.CONTENT); // the quick check cannot tell: assume it changed
      }
    }
    if (!fields.isEmpty()) {
      ChangeKind kind =
          fields.contains(ChangeField.CONTENT) ? ChangeKind.MODIFY : ChangeKind.METADATA;
      addChange(new Change(b.path(), kind, fields, a, b));
    }
    return true;
  }

  /** What differs apart from file content and hard-link structure. */
  EnumSet<ChangeField> metadataFields(Metadata a, Metadata b) {
    EnumSet<ChangeField> f = EnumSet.noneOf(ChangeField.class);
    if (a.permissions() != b.permissions()) {
      f.add(ChangeField.MODE);
    }
    if (a.uid() != b.uid()) {
      f.add(ChangeField.OWNER);
    }
    if (a.gid() != b.gid()) {
      f.add(ChangeField.GROUP);
    }
    if (!MtimeRule.same(a.mtime(), b.mtime(), precision)) {
      f.add(ChangeField.MTIME);
    }
    if (!a.sameXattrs(b)) {
      f.add(ChangeField.XATTRS);
    }
    if (!Objects.equals(a.symlinkTarget(), b.symlinkTarget())) {
      f.add(ChangeField.TARGET);
    }
    if (a.type().isDevice() && (a.rdevMajor() != b.rdevMajor() || a.rdevMinor() != b.rdevMinor())) {
      f.add(ChangeField.RDEV);
    }
    return f;
  }
}
