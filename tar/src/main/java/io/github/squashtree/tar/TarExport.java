package io.github.squashtree.tar;

import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a tree, or the subtree at a path, as a pax tar archive in the tree's directory order: a
 * {@code ./} member for the root, then every entry with its owner, mode, time and xattrs; hard
 * links as links to the first name; devices and fifos; symlinks; sparse files with their holes
 * (GNU's pax format 1.0, for an image's files). Names keep their bytes. GNU tar extracts the
 * archive (as root, with {@code --xattrs --xattrs-include='*' --same-owner}) to the tree {@code
 * unsquashfs -d} makes of the image. Sockets have no tar form: they are left out and counted.
 *
 * <p>With OCI whiteouts, an overlay layer (a delta image from {@code sqfs layer}) becomes an OCI
 * layer: a whiteout (a 0/0 character device, or an xattr whiteout) becomes {@code .wh.NAME}, an
 * opaque directory gets {@code .wh..wh..opq}, and overlayfs's private xattrs are left out.
 */
public final class TarExport {
  private static final int BUFFER = 1 << 17;

  private final Tree tree;
  private final TarWriter out;
  private final ArchiveOptions options;
  private final Map<Long, byte[]> firstNames = new HashMap<>();
  private final byte[] buffer = new byte[BUFFER];
  private long skipped;

  private TarExport(Tree tree, OutputStream out, ArchiveOptions options) {
    this.tree = tree;
    this.out = new TarWriter(out);
    this.options = options;
  }

  /** What an export wrote. */
  public record Result(long members, long socketsLeftOut) {}

  /**
   * Writes the archive of {@code path} in {@code tree} (with its ancestors' directories, as {@code
   * unsquashfs -d} makes them) to {@code out}, ending it with the end marker; {@code out} stays
   * open.
   *
   * @throws java.nio.file.NoSuchFileException if there is no {@code path} in the tree
   */
  public static Result write(Tree tree, String path, OutputStream out, ArchiveOptions options)
      throws IOException {
    TarExport export = new TarExport(tree, out, options);
    long members = export.run(path);
    return new Result(members, export.skipped);
  }

  private long run(String path) throws IOException {
    Entry start =
        tree.lookup(path)
            .orElseThrow(
                () ->
                    new java.nio.file.NoSuchFileException(path, null, "no such path in the tree"));
    long members = 0;
    // The ancestors of the path, each as a directory of its own: their other entries stay out.
    List<Entry> ancestors = new ArrayList<>();
    for (String p = parentOf(start.path()); p != null; p = parentOf(p)) {
      ancestors.add(0, tree.lookup(p).orElseThrow());
    }
    for (Entry a : ancestors) {
      writeEntry(a);
      members++;
    }
    ArrayDeque<Entry> stack = new ArrayDeque<>();
    stack.push(start);
    while (!stack.isEmpty()) {
      Entry e = stack.pop();
      if (!writeEntry(e)) {
        continue;
      }
      members++;
      if (e.isDirectory()) {
        List<Entry> children = tree.children(e);
        boolean xattrWhiteouts = options.ociWhiteouts() && marked(e, "x");
        for (int i = children.size() - 1; i >= 0; i--) {
          Entry child = children.get(i);
          if (xattrWhiteouts && isXattrWhiteout(child)) {
            stack.push(whiteoutOf(child));
          } else {
            stack.push(child);
          }
        }
        if (options.ociWhiteouts() && marked(e, "y")) {
          members++;
          writeOpaque(e);
        }
      }
    }
    out.finish();
    return members;
  }

  private static String parentOf(String path) {
    if (path.equals("/")) {
      return null;
    }
    int slash = path.lastIndexOf('/');
    return slash == 0 ? "/" : path.substring(0, slash);
  }

  /** A stand-in entry for a whiteout found by its xattr: written as {@code .wh.NAME}. */
  private static Entry whiteoutOf(Entry e) {
    Metadata m = e.metadata();
    return new Entry(
        e.path(),
        new Metadata(
            EntryType.CHAR_DEVICE,
            m.permissions(),
            m.uid(),
            m.gid(),
            m.mtime(),
            0,
            null,
            0,
            0,
            null,
            1,
            m.linkKey()));
  }

  private boolean isXattrWhiteout(Entry e) {
    Metadata m = e.metadata();
    return m.type() == EntryType.FILE
        && m.size() == 0
        && m.xattrs().containsKey(options.namespace().prefix() + "whiteout");
  }

  private boolean marked(Entry dir, String value) {
    byte[] v = dir.metadata().xattrs().get(options.namespace().prefix() + "opaque");
    return v != null && Arrays.equals(v, value.getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes one entry; false for one left out (a socket). */
  private boolean writeEntry(Entry e) throws IOException {
    Metadata m = e.metadata();
    TarWriter.Member member = new TarWriter.Member();
    member.mode = m.permissions();
    member.uid = m.uid();
    member.gid = m.gid();
    member.mtimeSeconds = m.mtime().getEpochSecond();
    member.mtimeNanos = m.mtime().getNano();
    byte[] name = memberName(e.path(), e.isDirectory());
    if (options.ociWhiteouts()
        && m.type() == EntryType.CHAR_DEVICE
        && m.rdevMajor() == 0
        && m.rdevMinor() == 0) {
      member.name = whiteoutName(e.path());
      member.type = '0';
      member.mode = m.permissions();
      out.header(member, 0);
      return true;
    }
    member.name = name;
    xattrs(member, m);
    if (m.nlink() > 1 && !e.isDirectory()) {
      byte[] first = firstNames.putIfAbsent(m.linkKey(), name);
      if (first != null) {
        member.type = '1';
        member.link = first;
        member.extra.clear(); // a link takes its inode's xattrs from the first name
        out.header(member, 0);
        return true;
      }
    }
    switch (m.type()) {
      case DIRECTORY -> {
        member.type = '5';
        out.header(member, 0);
      }
      case FILE -> writeFile(e, member);
      case SYMLINK -> {
        member.type = '2';
        member.link = Names.encode(m.symlinkTarget());
        out.header(member, 0);
      }
      case CHAR_DEVICE, BLOCK_DEVICE -> {
        member.type = (byte) (m.type() == EntryType.CHAR_DEVICE ? '3' : '4');
        member.devMajor = m.rdevMajor();
        member.devMinor = m.rdevMinor();
        out.header(member, 0);
      }
      case FIFO -> {
        member.type = '6';
        out.header(member, 0);
      }
      case SOCKET -> {
        skipped++;
        return false;
      }
    }
    return true;
  }

  private void writeOpaque(Entry dir) throws IOException {
    TarWriter.Member member = new TarWriter.Member();
    Metadata m = dir.metadata();
    member.name = memberName(dir.childPath(".wh..wh..opq"), false);
    member.type = '0';
    member.mode = 0;
    member.mtimeSeconds = m.mtime().getEpochSecond();
    out.header(member, 0);
  }

  private byte[] whiteoutName(String path) {
    int slash = path.lastIndexOf('/');
    return memberName(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), false);
  }

  /** {@code ./path}, a directory's with a trailing slash; the root is {@code ./}. */
  private static byte[] memberName(String path, boolean directory) {
    byte[] p = Names.encode(path);
    int extra = directory && p.length > 1 ? 2 : 1;
    byte[] name = new byte[p.length + extra];
    name[0] = '.';
    System.arraycopy(p, 0, name, 1, p.length);
    if (extra == 2) {
      name[name.length - 1] = '/';
    }
    return name;
  }

  private void xattrs(TarWriter.Member member, Metadata m) {
    for (Map.Entry<String, byte[]> x : m.xattrs().entrySet()) {
      if (options.ociWhiteouts() && x.getKey().startsWith(options.namespace().prefix())) {
        continue; // overlayfs's own marks, written as .wh. names
      }
      // As GNU tar writes them: '%' and '=' (which would end the key) as %25 and %3D.
      String name =
          new String(Names.encode(x.getKey()), StandardCharsets.ISO_8859_1)
              .replace("%", "%25")
              .replace("=", "%3D");
      member.extra.add(new PaxRecords.Record("SCHILY.xattr." + name, x.getValue()));
    }
  }

  private void writeFile(Entry e, TarWriter.Member member) throws IOException {
    long size = e.metadata().size();
    long[] ranges =
        tree instanceof SquashfsImage image ? image.storedRanges(e) : new long[] {0, size};
    boolean sparse = size > 0 && !(ranges.length == 2 && ranges[0] == 0 && ranges[1] == size);
    member.type = '0';
    if (!sparse) {
      out.header(member, size);
      long copied = 0;
      try (InputStream in = tree.open(e)) {
        int n;
        while (copied < size
            && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
          out.data(buffer, 0, n);
          copied += n;
        }
      }
      if (copied != size) {
        throw new IOException(e.path() + ": " + copied + " bytes of " + size);
      }
      out.pad(size);
      return;
    }
    writeSparse(e, member, (SquashfsImage) tree, size, ranges);
  }

  /**
   * A sparse file in GNU's pax format 1.0: the real name and size in the extended header, a name
   * under {@code GNUSparseFile.0/} in the ustar header, and the map (count, then offset and length
   * of each region, one number a line, padded to a block) before the regions' bytes. A file ending
   * in a hole gets an empty last region at its end, as GNU tar writes it.
   */
  private void writeSparse(
      Entry e, TarWriter.Member member, SquashfsImage image, long size, long[] ranges)
      throws IOException {
    List<Long> map = new ArrayList<>();
    long stored = 0;
    for (int i = 0; i < ranges.length; i += 2) {
      map.add(ranges[i]);
      map.add(ranges[i + 1]);
      stored += ranges[i + 1];
    }
    if (ranges.length == 0 || ranges[ranges.length - 2] + ranges[ranges.length - 1] < size) {
      map.add(size);
      map.add(0L);
    }
    StringBuilder text = new StringBuilder().append(map.size() / 2).append('\n');
    for (long v : map) {
      text.append(v).append('\n');
    }
    byte[] mapBytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    long mapBlocks = (mapBytes.length + TarWriter.BLOCK - 1) / TarWriter.BLOCK * TarWriter.BLOCK;
    member.extra.add(0, new PaxRecords.Record("GNU.sparse.major", TarWriter.ascii("1")));
    member.extra.add(1, new PaxRecords.Record("GNU.sparse.minor", TarWriter.ascii("0")));
    member.extra.add(2, new PaxRecords.Record("GNU.sparse.name", member.name));
    member.extra.add(3, TarWriter.decimal("GNU.sparse.realsize", size));
    member.name = sparseName(member.name);
    out.header(member, mapBlocks + stored);
    out.data(mapBytes, 0, mapBytes.length);
    out.pad(mapBytes.length);
    for (int i = 0; i < ranges.length; i += 2) {
      long at = ranges[i];
      long end = at + ranges[i + 1];
      while (at < end) {
        int n = image.read(e, at, buffer, 0, (int) Math.min(buffer.length, end - at));
        if (n <= 0) {
          throw new IOException(e.path() + ": ends at " + at + " of " + size + " bytes");
        }
        out.data(buffer, 0, n);
        at += n;
      }
    }
    out.pad(stored);
  }

  /** GNU's stand-in name for a sparse member: {@code DIR/GNUSparseFile.0/NAME}. */
  private static byte[] sparseName(byte[] name) {
    int slash = name.length - 1;
    while (slash >= 0 && name[slash] != '/') {
      slash--;
    }
    byte[] insert = TarWriter.ascii("GNUSparseFile.0/");
    byte[] out = new byte[name.length + insert.length];
    System.arraycopy(name, 0, out, 0, slash + 1);
    System.arraycopy(insert, 0, out, slash + 1, insert.length);
    System.arraycopy(name, slash + 1, out, slash + 1 + insert.length, name.length - slash - 1);
    return out;
  }
}
