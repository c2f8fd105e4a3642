package io.github.squashtree.core.tree;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owners and the root's mode set over a tree's own, as mksquashfs's {@code -root-mode}, {@code
 * -root-uid}/{@code -root-gid} and {@code -force-uid}/{@code -force-gid} set them: the root
 * directory's permissions and owner, then every entry's owner (the forced owner wins over the
 * root's). Each part is optional; an empty one leaves the tree's value.
 *
 * @param rootMode permission bits ({@code 07777}) of the root directory
 * @param rootUid owner of the root directory
 * @param rootGid group of the root directory
 * @param forceUid owner of every entry
 * @param forceGid group of every entry
 */
public record MetadataOverrides(
    OptionalInt rootMode,
    OptionalLong rootUid,
    OptionalLong rootGid,
    OptionalLong forceUid,
    OptionalLong forceGid) {

  /** Changes nothing. */
  public static final MetadataOverrides NONE =
      new MetadataOverrides(
          OptionalInt.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty());

  private static final long MAX_ID = 0xFFFFFFFFL;

  /**
   * Checks the ranges: permissions within {@code 07777}, ids within 32 unsigned bits.
   *
   * @param rootMode permission bits ({@code 07777}) of the root directory
   * @param rootUid owner of the root directory
   * @param rootGid group of the root directory
   * @param forceUid owner of every entry
   * @param forceGid group of every entry
   */
  public MetadataOverrides {
    Objects.requireNonNull(rootMode, "rootMode");
    Objects.requireNonNull(rootUid, "rootUid");
    Objects.requireNonNull(rootGid, "rootGid");
    Objects.requireNonNull(forceUid, "forceUid");
    Objects.requireNonNull(forceGid, "forceGid");
    if (rootMode.isPresent() && (rootMode.getAsInt() & ~07777) != 0) {
      throw new IllegalArgumentException(
          "root mode out of range (0 to 7777 octal): "
              + Integer.toOctalString(rootMode.getAsInt()));
    }
    checkId("root uid", rootUid);
    checkId("root gid", rootGid);
    checkId("forced uid", forceUid);
    checkId("forced gid", forceGid);
  }

  private static void checkId(String what, OptionalLong id) {
    if (id.isPresent() && (id.getAsLong() < 0 || id.getAsLong() > MAX_ID)) {
      throw new IllegalArgumentException(
          what + " out of range (0 to 4294967295): " + id.getAsLong());
    }
  }

  /**
   * These overrides with the root's permissions.
   *
   * @param permissions permission bits, {@code 07777} at most
   * @return the new overrides
   */
  public MetadataOverrides withRootMode(int permissions) {
    return new MetadataOverrides(OptionalInt.of(permissions), rootUid, rootGid, forceUid, forceGid);
  }

  /**
   * These overrides with the root's owner and group; an empty part stays as the tree has it.
   *
   * @param uid the root's owner
   * @param gid the root's group
   * @return the new overrides
   */
  public MetadataOverrides withRootOwner(OptionalLong uid, OptionalLong gid) {
    return new MetadataOverrides(rootMode, uid, gid, forceUid, forceGid);
  }

  /**
   * These overrides with every entry's owner and group; an empty part stays as the tree has it.
   *
   * @param uid every entry's owner
   * @param gid every entry's group
   * @return the new overrides
   */
  public MetadataOverrides withForceOwner(OptionalLong uid, OptionalLong gid) {
    return new MetadataOverrides(rootMode, rootUid, rootGid, uid, gid);
  }

  /**
   * Whether this changes nothing.
   *
   * @return true when no part is set
   */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /**
   * {@code tree} with these overrides; closing the view closes {@code tree}.
   *
   * @param tree the tree
   * @return the view, or {@code tree} itself when nothing is set
   */
  public Tree apply(Tree tree) {
    return isEmpty() ? tree : new OverriddenTree(tree, this);
  }

  /** The metadata the entry at {@code path} gets. */
  Metadata change(String path, Metadata m) {
    boolean root = path.equals("/");
    int permissions = root && rootMode.isPresent() ? rootMode.getAsInt() : m.permissions();
    long uid = m.uid();
    long gid = m.gid();
    if (root) {
      uid = rootUid.orElse(uid);
      gid = rootGid.orElse(gid);
    }
    uid = forceUid.orElse(uid);
    gid = forceGid.orElse(gid);
    if (permissions == m.permissions() && uid == m.uid() && gid == m.gid()) {
      return m;
    }
    return new Metadata(
        m.type(),
        permissions,
        uid,
        gid,
        m.mtime(),
        m.size(),
        m.symlinkTarget(),
        m.rdevMajor(),
        m.rdevMinor(),
        m.xattrs(),
        m.nlink(),
        m.linkKey());
  }

  private static final class OverriddenTree extends ForwardingTree {
    private final MetadataOverrides overrides;

    /** The tree's own entries of the directories shown changed: the tree lists those. */
    private final ConcurrentHashMap<String, Entry> originals = new ConcurrentHashMap<>();

    OverriddenTree(Tree tree, MetadataOverrides overrides) {
      super(tree);
      this.overrides = overrides;
    }

    private Entry change(Entry e) {
      Metadata m = overrides.change(e.path(), e.metadata());
      if (m == e.metadata()) {
        return e;
      }
      if (e.isDirectory()) {
        originals.put(e.path(), e);
      }
      return new Entry(e.path(), m);
    }

    @Override
    public Entry root() throws IOException {
      return change(super.root());
    }

    @Override
    public List<Entry> children(Entry directory) throws IOException {
      Entry own = originals.get(directory.path());
      List<Entry> in = super.children(own != null ? own : directory);
      List<Entry> out = new ArrayList<>(in.size());
      for (Entry e : in) {
        out.add(change(e));
      }
      return Collections.unmodifiableList(out);
    }

    @Override
    public Optional<Entry> lookup(String path) throws IOException {
      return super.lookup(path).map(this::change);
    }
  }
}
