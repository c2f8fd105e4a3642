package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import io.github.squashtree.fixtures.MetadataBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Random trees for the overlay properties, bounded: up to {@code maxEntries} entries at paths of up
 * to five names, names of any bytes but '/' and NUL (UTF-8 or not, up to 255 bytes, a newline among
 * them), every kind of entry including hard links, fifos and devices, modes with the special bits,
 * owners above 65535, xattrs of two namespaces and mtimes a few seconds apart with random
 * nanoseconds.
 *
 * <p>Drawn from a {@link Random}: a property takes a {@code long} seed, which jqwik reports with a
 * failing try, and the same seed makes the same trees again.
 *
 * <p>Contents are chosen so that equal sizes often meet different contents; with {@link
 * Shape#quickCheckSafe} they are instead a function of the size and the mtime's second, so that the
 * quick check (size and mtime) tells every content change, and a property can compare the result
 * with the new tree exactly.
 */
final class RandomTrees {
  private RandomTrees() {}

  /** One entry: where, what, and indexes into the value tables below. */
  record Spec(
      List<String> names, int kind, int content, int mode, int owner, long nanos, int xattrs) {
    String path() {
      return "/" + String.join("/", names);
    }

    Spec with(int content, int mode, int owner, long nanos, int xattrs) {
      return new Spec(names, kind, content, mode, owner, nanos, xattrs);
    }
  }

  static final String[] NAMES = {
    "a",
    "b",
    "c",
    "B",
    "é",
    "\uFF21",
    "\uD83D\uDE00",
    "~x",
    " sp ace",
    ".hidden",
    "a\nb",
    "back\\slash",
    Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9}),
    Names.decode(new byte[] {(byte) 0xFF}),
    "n".repeat(255)
  };

  private static final String[] CONTENTS = {"", "x", "y", "xy", "yx", "xyz", "big-a", "big-b"};
  private static final int[] MODES = {0644, 0600, 0755, 0700, 04755, 02755, 01777, 0444, 0000};
  private static final long[][] OWNERS = {{0, 0}, {1000, 1000}, {100_000, 200_000}, {0, 65_536}};
  private static final String[] XATTR_NAMES = {
    "user.a", "user.b", "trusted.t", "user." + Names.decode(new byte[] {(byte) 0xE9})
  };
  private static final byte[][] XATTR_VALUES = {new byte[0], {'1'}, {'2'}, {0, (byte) 0xFF}};

  /** Kinds: 0-1 file, 2 directory, 3 symlink, 4 hard link to the last file, 5 fifo, 6 device. */
  private static final int KINDS = 7;

  /** Up to {@code maxEntries} specs, drawn from {@code random}. */
  static List<Spec> specs(Random random, int maxEntries) {
    int n = random.nextInt(maxEntries + 1);
    List<Spec> specs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<String> names = new ArrayList<>();
      int depth = 1 + random.nextInt(5);
      for (int d = 0; d < depth; d++) {
        // Short names more often, so that paths meet.
        names.add(NAMES[random.nextInt(random.nextBoolean() ? 3 : NAMES.length)]);
      }
      specs.add(
          new Spec(
              names,
              random.nextInt(KINDS),
              random.nextInt(CONTENTS.length),
              random.nextInt(MODES.length),
              random.nextInt(OWNERS.length),
              random.nextLong(3_000_000_000L),
              random.nextInt(16)));
    }
    return specs;
  }

  /** An old and a new tree's specs. */
  record Pair(List<Spec> before, List<Spec> after) {}

  /**
   * A pair of trees, two times in three a tree and an edit of it (so that most paths meet
   * themselves, changed or not: a field changed, a content kept at its size, an mtime moved within
   * its second or beyond, an entry gone or its kind changed, new entries), else two independent
   * trees (mostly new and deleted paths).
   */
  static Pair pair(Random random, int maxEntries) {
    List<Spec> a = specs(random, maxEntries);
    if (random.nextInt(3) == 0) {
      return new Pair(a, specs(random, maxEntries));
    }
    return new Pair(a, edit(random, a, maxEntries));
  }

  /**
   * An edit of the tree {@code a}: each entry kept, a field changed, gone or of another kind, and a
   * few new entries.
   */
  static List<Spec> edit(Random random, List<Spec> a, int maxEntries) {
    List<Spec> b = new ArrayList<>();
    for (Spec s : a) {
      int v = random.nextInt(1000);
      Spec changed =
          switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> s;
            case 4 -> s.with(v % CONTENTS.length, s.mode(), s.owner(), s.nanos(), s.xattrs());
            case 5 -> s.with(s.content(), v % MODES.length, s.owner(), s.nanos(), s.xattrs());
            case 6 -> s.with(s.content(), s.mode(), v % OWNERS.length, s.nanos(), s.xattrs());
            // Within the same second (whole-second trees see no change), or a second later.
            case 7 ->
                s.with(
                    s.content(),
                    s.mode(),
                    s.owner(),
                    v % 2 == 0
                        ? s.nanos() - s.nanos() % 1_000_000_000L + v
                        : s.nanos() + 1_000_000_000L,
                    s.xattrs());
            case 8 -> s.with(s.content(), s.mode(), s.owner(), s.nanos(), v % 16);
            default ->
                v % 3 == 0
                    ? null
                    : new Spec(
                        s.names(),
                        v % KINDS,
                        s.content(),
                        s.mode(),
                        s.owner(),
                        s.nanos(),
                        s.xattrs());
          };
      if (changed != null) {
        b.add(changed);
      }
    }
    b.addAll(specs(random, Math.max(1, maxEntries / 5)));
    return b;
  }

  /**
   * What a tree may hold, where it is to be made.
   *
   * @param precision the tree's precision; SECONDS truncates its mtimes
   * @param quickCheckSafe contents that are a function of size and mtime second
   * @param host the tree is to be made on this host (by a sync): only what its user can make, and
   *     no user xattrs but on files and directories
   * @param uid the owner of everything when the host user is not root
   * @param gid the group of everything when the host user is not root
   */
  record Shape(TimePrecision precision, boolean quickCheckSafe, boolean host, long uid, long gid) {
    static Shape inMemory(TimePrecision precision, boolean quickCheckSafe) {
      return new Shape(precision, quickCheckSafe, false, -1, -1);
    }

    boolean root() {
      return uid == 0;
    }
  }

  static InMemoryTree build(List<Spec> specs, Shape shape) {
    InMemoryTree.Builder b = InMemoryTree.builder().precision(shape.precision());
    if (shape.host()) {
      b.edit(
          "/", m -> m.owner(shape.uid(), shape.gid()).mtime(Instant.ofEpochSecond(1_600_000_000L)));
    }
    Set<String> taken = new TreeSet<>();
    String lastFile = null;
    for (Spec s : specs) {
      String path = s.path();
      if (taken.stream()
          .anyMatch(t -> path.startsWith(t + "/") || t.startsWith(path + "/") || t.equals(path))) {
        continue; // keep the generated paths independent of each other
      }
      taken.add(path);
      Instant t = Instant.ofEpochSecond(1_000_000_000L, s.nanos());
      if (shape.precision() == TimePrecision.SECONDS) {
        t = Instant.ofEpochSecond(t.getEpochSecond());
      }
      int kind = s.kind();
      if (kind == 4 && lastFile == null) {
        kind = 0;
      }
      if (kind == 6 && shape.host() && !shape.root()) {
        kind = 5; // mknod of a device needs root
      }
      Instant mtime = t;
      switch (kind) {
        case 0, 1 -> {
          b.file(path, content(s, t, shape));
          lastFile = path;
        }
        case 2 -> b.dir(path);
        case 3 -> b.symlink(path, "t" + CONTENTS[s.content()]);
        case 4 -> {
          b.hardLink(path, lastFile);
          continue; // the group's metadata is the first name's
        }
        case 5 -> b.fifo(path);
        default -> b.device(path, EntryType.CHAR_DEVICE, 1 + s.content(), s.owner());
      }
      boolean dir = kind == 2;
      boolean fileOrDir = kind <= 2;
      b.edit(path, m -> metadata(m, s, shape, dir, fileOrDir).mtime(mtime));
    }
    return b.build();
  }

  private static MetadataBuilder metadata(
      MetadataBuilder m, Spec s, Shape shape, boolean dir, boolean fileOrDir) {
    if (m.build().type() != EntryType.SYMLINK) {
      int mode = MODES[s.mode()];
      m.permissions(dir && shape.host() && !shape.root() ? mode | 0700 : mode);
    }
    long[] owner = OWNERS[s.owner()];
    if (shape.host()) {
      owner = shape.root() ? owner : new long[] {shape.uid(), shape.gid()};
    }
    m.owner(owner[0], owner[1]);
    // Two bits of the spec pick up to two attributes.
    for (int bit = 0; bit < 2; bit++) {
      if ((s.xattrs() >> bit & 1) == 0) {
        continue;
      }
      String name = XATTR_NAMES[(s.xattrs() >> 2 + bit) & 3];
      boolean allowed =
          !shape.host() || (name.startsWith("user.") ? fileOrDir : shape.root() && fileOrDir);
      if (allowed) {
        m.xattr(name, XATTR_VALUES[(s.content() + bit) & 3]);
      }
    }
    return m;
  }

  private static byte[] content(Spec s, Instant mtime, Shape shape) {
    String c = CONTENTS[s.content()];
    byte[] bytes;
    if (c.startsWith("big-")) {
      // Over ContentChecks.PARALLEL_FROM: compared on the worker pool; the two differ in the last
      // byte only.
      bytes = new byte[(int) ContentChecks.PARALLEL_FROM + 3];
      Arrays.fill(bytes, (byte) 'z');
      bytes[bytes.length - 1] = (byte) c.charAt(4);
    } else {
      bytes = c.getBytes(StandardCharsets.UTF_8);
    }
    if (shape.quickCheckSafe()) {
      // Same size and second, same bytes: only the length and the second choose them.
      byte fill = (byte) ('a' + Math.floorMod(mtime.getEpochSecond(), 26));
      Arrays.fill(bytes, fill);
    }
    return bytes;
  }

  /** Every entry of {@code tree}, the root first. */
  static List<Entry> walk(Tree tree) throws IOException {
    List<Entry> all = new ArrayList<>();
    List<Entry> pending = new ArrayList<>(List.of(tree.root()));
    while (!pending.isEmpty()) {
      Entry e = pending.remove(pending.size() - 1);
      all.add(e);
      if (e.isDirectory()) {
        pending.addAll(tree.children(e));
      }
    }
    return all;
  }
}
