package io.github.squashtree.core.tree;

import io.github.squashtree.core.tree.PseudoDefinitions.Definition;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A tree with pseudo definitions applied (see {@link PseudoDefinitions} for the rules). The
 * definitions are resolved against the tree once, when the view is made, so that every ignored
 * definition is reported before writing starts; walking the view then costs a map look-up per
 * directory.
 */
final class PseudoTree extends ForwardingTree {
  /** Link keys of added entries: above those of directories and images, below the overlay's. */
  private static final long KEY_BASE = 0xFEL << 48;

  /** Added entries by the path of their parent, each list sorted by name. */
  private final Map<String, List<Entry>> added = new HashMap<>();

  /** Added entries by path. */
  private final Map<String, Entry> addedByPath = new HashMap<>();

  /** Directories that are added (their children are all added ones). */
  private final Set<String> addedDirectories = new HashSet<>();

  /** Changed metadata of existing entries, by path. */
  private final Map<String, Definition> modified = new HashMap<>();

  /**
   * The tree's own entries of modified entries: the tree lists a directory and opens a file by what
   * it listed (a host tree checks that a file it opens is the version it listed).
   */
  private final Map<String, Entry> originals = new ConcurrentHashMap<>();

  private final Consumer<String> warnings;
  private final Instant defaultTime;
  private long nextKey = KEY_BASE;

  private PseudoTree(Tree tree, Consumer<String> warnings, Instant defaultTime) {
    super(tree);
    this.warnings = warnings;
    this.defaultTime = defaultTime;
  }

  static Tree of(Tree tree, List<Definition> definitions, Consumer<String> warnings)
      throws IOException {
    Entry root = tree.root();
    PseudoTree view = new PseudoTree(tree, warnings, root.metadata().mtime());
    Node top = new Node();
    for (Definition d : definitions) {
      view.insert(top, d);
    }
    view.resolve(top, root, "/");
    view.added.values().forEach(list -> list.sort(NameOrder.ENTRIES));
    return view;
  }

  /** Definitions as a trie of names, the first definition of a name counting (as mksquashfs). */
  private static final class Node {
    Definition definition;
    final Map<String, Node> children = new LinkedHashMap<>();
  }

  private void insert(Node top, Definition d) {
    if (d.path().equals("/")) {
      warn(d, "the root cannot be defined or modified (the source's root is used)");
      return;
    }
    String[] names = d.path().substring(1).split("/");
    Node node = top;
    for (int i = 0; i < names.length; i++) {
      if (node.definition != null
          && !node.definition.modifies()
          && node.definition.type() != EntryType.DIRECTORY) {
        warn(d, node.definition.path() + " is defined as a " + node.definition.type().label());
        return;
      }
      node = node.children.computeIfAbsent(names[i], n -> new Node());
    }
    if (node.definition != null) {
      warn(d, d.path() + " is already defined by '" + node.definition.text() + "'");
      return;
    }
    if (!node.children.isEmpty() && !d.modifies() && d.type() != EntryType.DIRECTORY) {
      warn(d, "definitions below " + d.path() + " need it to be a directory");
      return;
    }
    node.definition = d;
  }

  /**
   * Applies the children of {@code node} to the directory {@code dir} at {@code path}: an existing
   * directory of the tree, or {@code null} for an added one.
   */
  private void resolve(Node node, Entry dir, String path) throws IOException {
    for (Map.Entry<String, Node> child : node.children.entrySet()) {
      String childPath = path.equals("/") ? "/" + child.getKey() : path + "/" + child.getKey();
      Node c = child.getValue();
      Entry existing = dir == null ? null : delegate().lookup(childPath).orElse(null);
      Definition d = c.definition;
      if (d != null && d.modifies()) {
        if (existing == null) {
          warn(d, childPath + " is not in the source");
          continue;
        }
        modified.put(childPath, d);
      } else if (d != null && existing != null) {
        warn(d, childPath + " is in the source (exclude it there to replace it)");
      } else if (d != null) {
        add(path, childPath, d);
        if (d.type() == EntryType.DIRECTORY) {
          addedDirectories.add(childPath);
          resolve(c, null, childPath);
        }
        continue;
      }
      if (existing != null && existing.isDirectory()) {
        resolve(c, existing, childPath);
      } else if (!c.children.isEmpty()) {
        for (Definition below : definitionsBelow(c)) {
          warn(below, childPath + (existing == null ? " does not exist" : " is not a directory"));
        }
      }
    }
  }

  private static List<Definition> definitionsBelow(Node node) {
    List<Definition> out = new ArrayList<>();
    for (Node c : node.children.values()) {
      if (c.definition != null) {
        out.add(c.definition);
      }
      out.addAll(definitionsBelow(c));
    }
    return out;
  }

  private void add(String parent, String path, Definition d) {
    String target = d.symlinkTarget();
    boolean device = d.type().isDevice();
    Metadata m =
        new Metadata(
            d.type(),
            d.permissions(),
            d.uid(),
            d.gid(),
            d.mtime().isPresent() ? Instant.ofEpochSecond(d.mtime().getAsLong()) : defaultTime,
            target == null ? 0 : Names.encode(target).length,
            target,
            device ? d.major() : 0,
            device ? d.minor() : 0,
            null,
            d.type() == EntryType.DIRECTORY ? 2 : 1,
            nextKey++);
    Entry e = new Entry(path, m);
    added.computeIfAbsent(parent, p -> new ArrayList<>()).add(e);
    addedByPath.put(path, e);
  }

  private void warn(Definition d, String why) {
    warnings.accept("pseudo definition '" + d.text() + "' ignored: " + why);
  }

  private Entry change(Entry e) {
    Definition d = modified.get(e.path());
    if (d == null) {
      return e;
    }
    originals.put(e.path(), e);
    Metadata m = e.metadata();
    return new Entry(
        e.path(),
        new Metadata(
            m.type(),
            d.permissions(),
            d.uid(),
            d.gid(),
            d.mtime().isPresent() ? Instant.ofEpochSecond(d.mtime().getAsLong()) : m.mtime(),
            m.size(),
            m.symlinkTarget(),
            m.rdevMajor(),
            m.rdevMinor(),
            m.xattrs(),
            m.nlink(),
            m.linkKey()));
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    String path = directory.path();
    List<Entry> extra = added.getOrDefault(path, List.of());
    if (addedDirectories.contains(path)) {
      return Collections.unmodifiableList(extra);
    }
    Entry own = originals.get(path);
    List<Entry> base = super.children(own != null ? own : directory);
    if (extra.isEmpty() && modified.isEmpty()) {
      return base;
    }
    List<Entry> out = new ArrayList<>(base.size() + extra.size());
    int j = 0;
    for (Entry e : base) {
      while (j < extra.size() && NameOrder.ENTRIES.compare(extra.get(j), e) < 0) {
        out.add(extra.get(j++));
      }
      out.add(change(e));
    }
    while (j < extra.size()) {
      out.add(extra.get(j++));
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public InputStream open(Entry file) throws IOException {
    return super.open(originals.getOrDefault(file.path(), file));
  }

  @Override
  public Optional<StoredContent> storedContent(Entry file) throws IOException {
    return super.storedContent(originals.getOrDefault(file.path(), file));
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    Entry e = addedByPath.get(normalize(path));
    if (e != null) {
      return Optional.of(e);
    }
    return super.lookup(path).map(this::change);
  }

  private static String normalize(String path) {
    StringBuilder s = new StringBuilder();
    for (String name : path.split("/")) {
      if (!name.isEmpty() && !name.equals(".")) {
        s.append('/').append(name);
      }
    }
    return s.length() == 0 ? "/" : s.toString();
  }
}
