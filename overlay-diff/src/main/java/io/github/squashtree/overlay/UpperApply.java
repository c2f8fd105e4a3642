package io.github.squashtree.overlay;

import io.github.squashtree.core.internal.host.Capabilities;
import io.github.squashtree.core.internal.host.HostDirectoryTree;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Writes the minimal changes into the upper directory of an <em>unmounted</em> overlay, so that
 * mounting it over the lower layers shows a new tree.
 *
 * <p>The wanted upper directory is the {@link DeltaLayer} between the lower layers and the new
 * tree; the upper directory is then brought to it as {@link OverlaySync} brings a merged directory
 * to a source (compared at whole seconds, each differing field set, content written to a temporary
 * name and renamed). So what the upper directory already holds stays where it is still needed — an
 * earlier copy-up that still differs from the lower layers, a whiteout for a name still deleted —
 * and goes where it no longer is: a file changed back to its lower content, a whiteout for a name
 * that exists again, an opaque mark on a directory that merges again.
 *
 * <p>overlayfs's own bookkeeping attributes in the upper directory ({@code overlay.origin}, {@code
 * overlay.impure}, …) are left as they are; only {@code overlay.opaque} and {@code
 * overlay.whiteout} are managed here.
 *
 * <p>Whiteouts need {@code CAP_MKNOD} (character devices) and opaque marks {@code CAP_SYS_ADMIN}
 * ({@code trusted.*} attributes): when the plan needs either and the process lacks it, or when the
 * host cannot make them at all (no JNA), nothing is changed and an {@link IOException} says why. A
 * failure part-way is an {@link IncompleteSyncException} naming what was done.
 */
public final class UpperApply {
  private UpperApply() {}

  /**
   * Makes {@code upperDir}, put over {@code lower} (an image, or an {@link OverlayTree} of several
   * layers), show {@code newTree}; tells {@code listener} each change to the upper directory as it
   * is made (or, with {@link ApplyOptions#dryRun()}, would be) and returns them. Neither tree is
   * closed or changed.
   *
   * @param newTree the tree the overlay is to show
   * @param lower what lies below the upper directory: an image, or an {@link OverlayTree} of layers
   * @param upperDir the upper directory of an unmounted overlay
   * @param options how the changes are planned; dry run
   * @param listener hears each change to the upper directory as it is made (or would be)
   * @return the changes, in the order made
   * @throws IOException if a tree cannot be read or the directory cannot be changed
   */
  public static List<Change> apply(
      Tree newTree, Tree lower, Path upperDir, ApplyOptions options, Consumer<Change> listener)
      throws IOException {
    return apply(newTree, lower, upperDir, options, listener, PlanCheck.NONE);
  }

  /**
   * As {@link #apply(Tree, Tree, Path, ApplyOptions, Consumer)}, after {@code check} has seen the
   * whole plan: when it throws, nothing is changed.
   *
   * @param newTree the tree the overlay is to show
   * @param lower what lies below the upper directory: an image, or an {@link OverlayTree} of layers
   * @param upperDir the upper directory of an unmounted overlay
   * @param options how the changes are planned; dry run
   * @param listener hears each change to the upper directory as it is made (or would be)
   * @param check sees the whole plan first; when it throws, nothing is changed
   * @return the changes, in the order made
   * @throws IOException if a tree cannot be read or the directory cannot be changed
   */
  public static List<Change> apply(
      Tree newTree,
      Tree lower,
      Path upperDir,
      ApplyOptions options,
      Consumer<Change> listener,
      PlanCheck check)
      throws IOException {
    return apply(
        newTree,
        lower,
        upperDir,
        options,
        listener,
        check,
        Capabilities.ofThisProcess(),
        HostFileSystem.get());
  }

  static List<Change> apply(
      Tree newTree,
      Tree lower,
      Path upperDir,
      ApplyOptions options,
      Consumer<Change> listener,
      Capabilities capabilities,
      HostFileSystem host)
      throws IOException {
    return apply(newTree, lower, upperDir, options, listener, PlanCheck.NONE, capabilities, host);
  }

  private static List<Change> apply(
      Tree newTree,
      Tree lower,
      Path upperDir,
      ApplyOptions options,
      Consumer<Change> listener,
      PlanCheck caller,
      Capabilities capabilities,
      HostFileSystem host)
      throws IOException {
    if (!Files.exists(upperDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(upperDir.toString(), null, "upper directory not found");
    }
    if (!Files.isDirectory(upperDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotDirectoryException(upperDir.toString());
    }
    Optional<String> mounted = MountedUppers.mountPointUsing(upperDir, host);
    if (mounted.isPresent()) {
      throw new UnsupportedOverlayException(
          upperDir
              + ": the upper directory of the overlay mounted at "
              + mounted.get()
              + "; unmount it first (written to behind the kernel's back, its view goes stale),"
              + " or sync the merged directory instead");
    }
    LayerOptions layer = options.layer();
    OverlayNamespace ns = layer.namespace();
    try (HostDirectoryTree raw = HostDirectoryTree.open(upperDir, host)) {
      Tree upper = managedView(new SupportedOnly(raw, ns), ns);
      DeltaLayer wanted =
          DeltaLayer.plan(
              lower,
              newTree,
              layer,
              new DeltaLayer.WhiteoutReuse() {
                @Override
                public Attributes existing(String path, WhiteoutStyle style) throws IOException {
                  return existingWhiteout(upper, path, style);
                }

                @Override
                public Boolean opaque(String dir) throws IOException {
                  return existingEncoding(upper, dir, ns);
                }
              });
      SyncOptions sync =
          new SyncOptions(layer.compare().checksum(), options.dryRun(), layer.compare().threads());
      PlanCheck check =
          plan -> {
            caller.check(plan);
            if (!options.dryRun()) {
              preflight(plan, upperDir, capabilities, host);
            }
          };
      return OverlaySync.patch(
          wanted.tree(),
          upperDir,
          sync,
          listener,
          t -> managedView(new SupportedOnly(t, ns), ns),
          check,
          host);
    }
  }

  /**
   * An upper directory that holds only what this library models: a redirect directory or a metacopy
   * file ({@code overlay.redirect}, {@code overlay.metacopy}) stops the walk with {@link
   * UnsupportedOverlayException}, as diff, layer and flatten do, rather than be treated as an
   * ordinary entry (which gave a wrong merged view).
   */
  private static final class SupportedOnly extends io.github.squashtree.core.tree.ForwardingTree {
    private final OverlayNamespace ns;

    SupportedOnly(Tree tree, OverlayNamespace ns) {
      super(tree);
      this.ns = ns;
    }

    @Override
    public List<Entry> children(Entry directory) throws IOException {
      List<Entry> children = delegate().children(directory);
      for (Entry e : children) {
        String attribute = ns.unsupported(e.metadata());
        if (attribute != null) {
          throw new UnsupportedOverlayException(
              e.path()
                  + ": entry of the upper directory has "
                  + attribute
                  + ", which is not supported yet (mount the overlay and sync its merged"
                  + " directory instead); nothing was changed");
        }
      }
      return children;
    }

    @Override
    public void close() {}
  }

  /**
   * An upper directory with each whiteout an object of one name: since Linux 5.8 overlayfs links
   * the whiteouts it makes to one inode in its work directory (fewer inodes), which made them one
   * hard-link group of the upper directory that the wanted layer (a whiteout per name) split, so
   * every apply after the kernel had written rewrote all of its whiteouts but one. Such a whiteout
   * is never changed in place (the layer reuses its attributes), only kept, replaced or removed.
   */
  private static final class SeparateWhiteouts
      extends io.github.squashtree.core.tree.ForwardingTree {
    SeparateWhiteouts(Tree tree) {
      super(tree);
    }

    @Override
    public Entry root() throws IOException {
      return delegate().root();
    }

    @Override
    public List<Entry> children(Entry directory) throws IOException {
      List<Entry> in = delegate().children(directory);
      List<Entry> out = new ArrayList<>(in.size());
      for (Entry e : in) {
        out.add(alone(e));
      }
      return out;
    }

    @Override
    public Optional<Entry> lookup(String path) throws IOException {
      Optional<Entry> e = delegate().lookup(path);
      return e.isPresent() ? Optional.of(alone(e.get())) : e;
    }

    /** Leaves the underlying tree open. */
    @Override
    public void close() {}

    private static Entry alone(Entry e) {
      Metadata m = e.metadata();
      if (!isWhiteout(m) || m.nlink() == 1) {
        return e;
      }
      return new Entry(e.path(), m.withNlink(1));
    }
  }

  /** The attributes of the whiteout of {@code style} the upper directory has at {@code path}. */
  private static Attributes existingWhiteout(Tree upper, String path, WhiteoutStyle style)
      throws IOException {
    Optional<Entry> e = upper.lookup(path);
    if (e.isEmpty()) {
      return null;
    }
    Metadata m = e.get().metadata();
    boolean matches =
        style == WhiteoutStyle.CHAR_DEVICE
            ? m.type() == EntryType.CHAR_DEVICE && m.rdevMajor() == 0 && m.rdevMinor() == 0
            : m.type() == EntryType.FILE
                && m.size() == 0
                && (m.xattrs().containsKey(OverlayNamespace.TRUSTED.prefix() + "whiteout")
                    || m.xattrs().containsKey(OverlayNamespace.USER.prefix() + "whiteout"));
    return matches
        ? new Attributes(m.permissions(), m.uid(), m.gid(), m.mtime(), m.xattrs())
        : null;
  }

  /**
   * How the upper directory hides the lower children of {@code dir} now: true if it is opaque (kept
   * as the kernel made it), false if it holds a whiteout there (kept rather than exchanged for an
   * opaque mark), null if neither.
   */
  private static Boolean existingEncoding(Tree upper, String dir, OverlayNamespace ns)
      throws IOException {
    Optional<Entry> d = upper.lookup(dir);
    if (d.isEmpty() || !d.get().isDirectory()) {
      return null;
    }
    if (ns.isOpaque(d.get().metadata())) {
      return Boolean.TRUE;
    }
    boolean xattrWhiteouts = ns.hasXattrWhiteouts(d.get().metadata());
    for (Entry child : upper.children(d.get())) {
      if (ns.isWhiteout(child.metadata(), xattrWhiteouts)) {
        return Boolean.FALSE;
      }
    }
    return null;
  }

  /** Refuses, before anything is changed, a plan this process cannot carry out. */
  private static void preflight(
      List<Change> plan, Path upperDir, Capabilities capabilities, HostFileSystem host)
      throws IOException {
    TreeSet<Integer> needed = new TreeSet<>();
    List<String> examples = new ArrayList<>();
    for (Change c : plan) {
      Entry after = c.after();
      if (after == null) {
        continue;
      }
      Metadata m = after.metadata();
      boolean fresh = c.kind() != ChangeKind.METADATA || c.has(ChangeField.HARD_LINKS);
      if (fresh && (m.type() == EntryType.CHAR_DEVICE || m.type() == EntryType.BLOCK_DEVICE)) {
        if (needed.add(Capabilities.MKNOD)) {
          examples.add(c.path() + " (a device node" + (isWhiteout(m) ? ", a whiteout)" : ")"));
        }
      }
      if ((fresh || c.has(ChangeField.XATTRS))
          && m.xattrs().keySet().stream().anyMatch(n -> n.startsWith("trusted."))) {
        if (needed.add(Capabilities.SYS_ADMIN)) {
          examples.add(c.path() + " (a trusted.* attribute)");
        }
      }
    }
    if (needed.isEmpty()) {
      return;
    }
    Optional<String> limitation = host.limitation();
    if (limitation.isPresent()) {
      throw new IOException(
          upperDir
              + ": cannot make whiteouts or set trusted.* attributes here: "
              + limitation.get()
              + "; nothing was changed");
    }
    List<String> missing = new ArrayList<>();
    for (int cap : needed) {
      if (!capabilities.has(cap)) {
        missing.add(Capabilities.name(cap));
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException(
          upperDir
              + ": applying needs "
              + String.join(" and ", missing)
              + " (run as root), e.g. for "
              + String.join(", ", examples)
              + "; nothing was changed");
    }
  }

  private static boolean isWhiteout(Metadata m) {
    return m.type() == EntryType.CHAR_DEVICE && m.rdevMajor() == 0 && m.rdevMinor() == 0;
  }

  /**
   * An upper directory as this class manages it: overlayfs's bookkeeping attributes of the
   * namespace in use ({@code overlay.origin}, {@code overlay.impure}, …) are hidden, so they are
   * neither compared nor removed; {@code opaque} and {@code whiteout} are managed here and shown.
   */
  private static Tree managedView(Tree raw, OverlayNamespace ns) {
    return new XattrFilter(
        new SeparateWhiteouts(raw),
        name ->
            ns.isPrivate(name)
                && !name.equals(ns.prefix() + "opaque")
                && !name.equals(ns.prefix() + "whiteout"));
  }
}
