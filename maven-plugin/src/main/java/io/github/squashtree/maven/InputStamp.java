package io.github.squashtree.maven;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What an image was made from, to tell whether it must be made again: a SHA-256 over the goal's
 * configuration and every entry of the tree as it would be written (path, type, mode, owner, mtime
 * to the nanosecond, size, symlink target, device, link count, xattrs), as make and rsync judge
 * files by their metadata rather than read them; plus the size and mtime the image had when
 * written, so an image changed or replaced since is made again.
 *
 * <p>Stored in {@code target/squashtree/}, one stamp per image file name.
 */
final class InputStamp {
  private final String inputs;
  private final long contentBytes;

  private InputStamp(String inputs, long contentBytes) {
    this.inputs = inputs;
    this.contentBytes = contentBytes;
  }

  /** Walks {@code tree} once; {@code config} holds every setting that changes the image. */
  static InputStamp of(Tree tree, List<String> config) throws IOException {
    MessageDigest sha = sha256();
    for (String c : config) {
      update(sha, c);
    }
    long bytes = 0;
    ArrayDeque<Entry> pending = new ArrayDeque<>();
    Entry root = tree.root();
    add(sha, root);
    pending.push(root);
    while (!pending.isEmpty()) {
      for (Entry e : tree.children(pending.pop())) {
        add(sha, e);
        if (e.isDirectory()) {
          pending.push(e);
        } else if (e.type() == EntryType.FILE) {
          bytes += e.metadata().size();
        }
      }
    }
    return new InputStamp(HexFormat.of().formatHex(sha.digest()), bytes);
  }

  private static void add(MessageDigest sha, Entry e) {
    Metadata m = e.metadata();
    update(
        sha,
        e.path()
            + '\0'
            + m.type().label()
            + ' '
            + m.permissions()
            + ' '
            + m.uid()
            + ' '
            + m.gid()
            + ' '
            + m.mtime().getEpochSecond()
            + '.'
            + m.mtime().getNano()
            + ' '
            + m.size()
            + ' '
            + m.rdevMajor()
            + ' '
            + m.rdevMinor()
            + ' '
            + (e.isDirectory() ? 0 : m.nlink())
            + ' '
            + (m.symlinkTarget() == null ? "" : m.symlinkTarget()));
    for (Map.Entry<String, byte[]> x : m.xattrs().entrySet()) {
      update(sha, x.getKey());
      sha.update(x.getValue());
    }
  }

  private static void update(MessageDigest sha, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    sha.update((byte) (b.length >>> 24));
    sha.update((byte) (b.length >>> 16));
    sha.update((byte) (b.length >>> 8));
    sha.update((byte) b.length);
    sha.update(b);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Bytes of regular-file content in the tree. */
  long contentBytes() {
    return contentBytes;
  }

  /** Whether {@code image} was written from these inputs and is as it was written. */
  boolean matches(Path stampFile, Path image) throws IOException {
    String stored;
    try {
      stored = Files.readString(stampFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return false;
    }
    String now = line(image);
    return now != null && stored.equals(now);
  }

  /** Records that {@code image} was just written from these inputs. */
  void record(Path stampFile, Path image) throws IOException {
    Files.createDirectories(stampFile.getParent());
    Path temp = stampFile.resolveSibling(stampFile.getFileName() + ".tmp");
    Files.writeString(temp, line(image), StandardCharsets.UTF_8);
    Files.move(temp, stampFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private String line(Path image) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(image, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
    return "inputs "
        + inputs
        + "\nimage "
        + a.size()
        + " "
        + a.lastModifiedTime().toInstant()
        + " "
        + a.fileKey()
        + "\n";
  }
}
