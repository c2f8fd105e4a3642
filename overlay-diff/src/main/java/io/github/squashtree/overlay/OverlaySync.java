package io.github.squashtree.overlay;

import io.github.squashtree.core.internal.host.HostDirectory;
import io.github.squashtree.core.internal.host.HostDirectoryTree;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Brings a mounted overlay's merged directory to the state of a source tree, touching only what
 * differs, so that overlayfs copies up nothing that is already equal.
 *
 * <p>The merged directory is compared with the source at whole seconds (its lower entries come from
 * an image), contents by size and mtime or, with {@link SyncOptions#checksum()}, byte for byte.
 * Then, in this order:
 *
 * <ol>
 *   <li>deleted and replaced paths are removed through the overlay (the kernel writes whiteouts);
 *   <li>parents first: new and changed objects are made under a temporary name in their directory,
 *       given all their metadata and renamed into place; a metadata-only change sets just the
 *       differing fields ({@code lchown}, {@code chmod}, each differing attribute);
 *   <li>children first: the mtimes of directories that were written into or whose mtime differs.
 * </ol>
 *
 * No equal file is opened for writing and no call sets a value an entry already has (chmod, chown,
 * utimes and setxattr copy up even then). Once an entry is written its mtime is set to the source's
 * exact nanoseconds. Hard-link groups of the source stay groups: when any name of a group changes,
 * the whole group is written anew as one object and its other names linked to it (without {@code
 * index=on}, overlayfs copies up one name of a lower group as a separate file). The source is only
 * read.
 *
 * <p>Attributes of the source in overlayfs's private namespaces ({@code trusted.overlay.*}, {@code
 * user.overlay.*}) are synced where the running kernel takes them through the merged directory
 * (Linux 6.7+, asked of the mount) and left out where it does not (it hides them and refuses to set
 * them there). Each entry that has any left out is reported to the warning listener.
 */
public final class OverlaySync {
  private final Tree source;
  private final Path merged;
  private final SyncOptions options;
  private final Consumer<Change> listener;
  private final UnaryOperator<Tree> view;
  private final PlanCheck check;
  private final HostFileSystem host;

  private OverlaySync(
      Tree source,
      Path merged,
      SyncOptions options,
      Consumer<Change> listener,
      UnaryOperator<Tree> view,
      PlanCheck check,
      HostFileSystem host) {
    this.source = source;
    this.merged = merged;
    this.options = options;
    this.listener = listener;
    this.view = view;
    this.check = check;
    this.host = host;
  }

  /**
   * Syncs {@code mergedDir} to {@code source} as {@link #sync(Tree, Path, SyncOptions, Consumer)}
   * does, and tells {@code warnings} about each source entry whose overlayfs-private attributes
   * were left out (one message per entry, in path order, after the changes).
   *
   * @param source the tree to become
   * @param mergedDir the merged directory of a mounted overlay
   * @param options checksum, dry run, threads
   * @param listener hears each change as it is made (or would be)
   * @param warnings hears of each source entry whose overlayfs-private attributes were left out
   * @return the changes, in the order made
   * @throws IOException if a tree cannot be read or the directory cannot be changed
   */
  public static List<Change> sync(
      Tree source,
      Path mergedDir,
      SyncOptions options,
      Consumer<Change> listener,
      Consumer<String> warnings)
      throws IOException {
    return sync(source, mergedDir, options, listener, warnings, PlanCheck.NONE);
  }

  /**
   * As {@link #sync(Tree, Path, SyncOptions, Consumer, Consumer)}, after {@code check} has seen the
   * whole plan: when it throws, nothing is changed.
   *
   * @param source the tree to become
   * @param mergedDir the merged directory of a mounted overlay
   * @param options checksum, dry run, threads
   * @param listener hears each change as it is made (or would be)
   * @param warnings hears of each source entry whose overlayfs-private attributes were left out
   * @param check sees the whole plan first; when it throws, nothing is changed
   * @return the changes, in the order made
   * @throws IOException if a tree cannot be read or the directory cannot be changed
   */
  public static List<Change> sync(
      Tree source,
      Path mergedDir,
      SyncOptions options,
      Consumer<Change> listener,
      Consumer<String> warnings,
      PlanCheck check)
      throws IOException {
    HostFileSystem host = HostFileSystem.get();
    XattrFilter filtered = unsettablePrivateAttributes(source, mergedDir, host);
    List<Change> plan =
        new OverlaySync(filtered, mergedDir, options, listener, t -> t, check, host).run();
    filtered
        .dropped()
        .forEach(
            (path, names) ->
                warnings.accept(
                    path
                        + ": left out "
                        + String.join(", ", names)
                        + " (this kernel's overlayfs hides its own attributes and cannot set"
                        + " them; Linux 6.7 and later can)"));
    return plan;
  }

  /**
   * {@code source} without the overlayfs-private attributes the mount at {@code merged} cannot
   * take. Since Linux 6.7 overlayfs stores {@code trusted.overlay.*} and {@code user.overlay.*} set
   * through the merged directory escaped in the upper one ({@code trusted.overlay.overlay.*}) and
   * shows them again, so they sync like any other; before, it refuses them and hides them, so a
   * sync that tried would never converge. Asked of the mount itself, per namespace, changing
   * nothing ({@link HostFileSystem#canSetXattr}).
   */
  static XattrFilter unsettablePrivateAttributes(Tree source, Path merged, HostFileSystem host) {
    boolean trusted = host.canSetXattr(merged, OverlayNamespace.TRUSTED.prefix() + PROBE_ATTRIBUTE);
    boolean user = host.canSetXattr(merged, OverlayNamespace.USER.prefix() + PROBE_ATTRIBUTE);
    return new XattrFilter(
        source,
        name ->
            (!trusted && OverlayNamespace.TRUSTED.isPrivate(name))
                || (!user && OverlayNamespace.USER.isPrivate(name)));
  }

  /** An attribute name no one uses, removed (never set) to ask whether the namespace is open. */
  private static final String PROBE_ATTRIBUTE = "sqfs-probe-never-set";

  /**
   * Syncs {@code mergedDir} to {@code source}; tells {@code listener} each change as it is made
   * (or, with {@link SyncOptions#dryRun()}, would be). Returns the changes.
   *
   * @param source the tree to become
   * @param mergedDir the merged directory of a mounted overlay
   * @param options checksum, dry run, threads
   * @param listener hears each change as it is made (or would be)
   * @return the changes, in the order made
   * @throws IOException if a tree cannot be read or the directory cannot be changed
   */
  public static List<Change> sync(
      Tree source, Path mergedDir, SyncOptions options, Consumer<Change> listener)
      throws IOException {
    return sync(source, mergedDir, options, listener, w -> {});
  }

  /**
   * The engine of {@link #sync} for other directories (an unmounted upper directory): makes {@code
   * dir}, as {@code view} shows it, equal to {@code source} at whole seconds, after {@code check}
   * has seen the plan. Private attributes of {@code source} are kept.
   */
  static List<Change> patch(
      Tree source,
      Path dir,
      SyncOptions options,
      Consumer<Change> listener,
      UnaryOperator<Tree> view,
      PlanCheck check,
      HostFileSystem host)
      throws IOException {
    return new OverlaySync(source, dir, options, listener, view, check, host).run();
  }

  private List<Change> run() throws IOException {
    try (HostDirectoryTree target = HostDirectoryTree.open(merged, host)) {
      CompareOptions compare =
          new CompareOptions(options.checksum(), TimePrecision.SECONDS, options.threads());
      ComparedDirectories seen = new ComparedDirectories(view.apply(target));
      Comparison comparison = TreeComparator.compare(seen, source, compare);
      List<Change> plan = withWholeGroups(comparison, seen);
      check.check(plan);
      if (!options.dryRun()) {
        apply(plan, comparison, target, seen.keys());
      } else {
        plan.forEach(listener);
      }
      return plan;
    }
  }

  /** The changes, plus a rewrite of every name of a source link group of which any name changes. */
  private List<Change> withWholeGroups(Comparison comparison, Tree target) throws IOException {
    Map<String, Change> byPath = new TreeMap<>(PathOrder.PATHS);
    comparison.changes().forEach(c -> byPath.put(c.path(), c));
    for (Change c : comparison.changes()) {
      if (c.after() == null || c.after().isDirectory()) {
        continue;
      }
      List<String> group = comparison.newLinkGroup(c.path());
      if (group.size() == 1) {
        continue;
      }
      for (String member : group) {
        Change planned = byPath.get(member);
        if (planned == null) {
          Entry before = target.lookup(member).orElseThrow();
          Entry after = source.lookup(member).orElseThrow();
          byPath.put(
              member,
              new Change(
                  member, ChangeKind.METADATA, EnumSet.of(ChangeField.HARD_LINKS), before, after));
        } else if (planned.kind() == ChangeKind.METADATA && !planned.has(ChangeField.HARD_LINKS)) {
          // Changed in place, this name would leave the group (overlayfs copies up one name).
          byPath.put(member, planned.with(ChangeField.HARD_LINKS));
        }
      }
    }
    return new ArrayList<>(byPath.values());
  }

  private void apply(
      List<Change> plan,
      Comparison comparison,
      HostDirectoryTree target,
      Map<String, Long> directories)
      throws IOException {
    List<Change> done = new ArrayList<>();
    Set<String> removed = new TreeSet<>(PathOrder.PATHS);
    Consumer<Change> report =
        c -> {
          done.add(c);
          removed.remove(c.path());
          listener.accept(c);
        };
    try {
      apply(plan, comparison, target, directories, report, removed);
    } catch (IOException | RuntimeException e) {
      throw new IncompleteSyncException(plan, done, removed, e);
    }
  }

  private void apply(
      List<Change> plan,
      Comparison comparison,
      HostDirectoryTree target,
      Map<String, Long> directories,
      Consumer<Change> report,
      Set<String> removed)
      throws IOException {
    try (HostDirectory root = host.openDirectory(merged);
        MergedWriter writer = new MergedWriter(host, source, root, target::linkKey, directories)) {
      apply(plan, comparison, writer, report, removed);
    }
  }

  private void apply(
      List<Change> plan,
      Comparison comparison,
      MergedWriter writer,
      Consumer<Change> report,
      Set<String> removed)
      throws IOException {
    Set<String> dirtyDirectories = new TreeSet<>(PathOrder.PATHS);
    for (Change c : plan) {
      if (c.kind() == ChangeKind.DELETE || c.kind() == ChangeKind.REPLACE) {
        writer.removeAll(c.path());
        dirtyDirectories.add(parent(c.path()));
        if (c.kind() == ChangeKind.DELETE) {
          report.accept(c);
        } else {
          removed.add(c.path());
        }
      }
    }
    Map<List<String>, String> writtenGroups = new HashMap<>();
    for (Change c : plan) {
      if (c.after() == null) {
        continue;
      }
      String p = c.path();
      Entry want = c.after();
      boolean fresh = c.kind() == ChangeKind.ADD || c.kind() == ChangeKind.REPLACE;
      if (want.isDirectory()) {
        if (fresh) {
          writer.makeDirectory(p, want);
          dirtyDirectories.add(parent(c.path()));
        } else {
          writer.applyMetadata(p, c.before().metadata(), want.metadata(), c.fields());
        }
        dirtyDirectories.add(c.path());
      } else if (fresh || needsNewObject(c)) {
        List<String> group = comparison.newLinkGroup(c.path());
        String first = writtenGroups.get(group);
        Metadata old = fresh ? null : c.before().metadata(); // a REPLACE's is removed above
        if (first != null) {
          writer.replaceWithLink(p, first, old);
        } else {
          writer.replaceWithNew(p, want, old);
          if (group.size() > 1) {
            writtenGroups.put(group, p);
          }
        }
        dirtyDirectories.add(parent(c.path()));
      } else {
        writer.applyMetadata(p, c.before().metadata(), want.metadata(), c.fields());
      }
      report.accept(c);
    }
    // The plan's own entries first: a lookup by path reads every directory above, and a deep
    // tree's directories, all in the plan, once took depth * depth directory reads here.
    Map<String, Entry> plannedDirectories = new HashMap<>();
    for (Change c : plan) {
      if (c.after() != null && c.after().isDirectory()) {
        plannedDirectories.put(c.path(), c.after());
      }
    }
    List<String> dirs = new ArrayList<>(dirtyDirectories);
    for (int i = dirs.size() - 1; i >= 0; i--) {
      String dir = dirs.get(i);
      Entry want =
          plannedDirectories.containsKey(dir)
              ? plannedDirectories.get(dir)
              : source.lookup(dir).orElse(null);
      if (want != null && want.isDirectory()) {
        writer.restoreDirectoryTime(dir, want.metadata());
      }
    }
  }

  /** Whether a non-directory has to be replaced by a new object rather than changed in place. */
  private static boolean needsNewObject(Change c) {
    return c.kind() == ChangeKind.MODIFY
        || c.has(ChangeField.HARD_LINKS)
        || c.has(ChangeField.TARGET)
        || c.has(ChangeField.RDEV)
        || (c.has(ChangeField.MODE) && c.after().type() == EntryType.SYMLINK);
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
