package io.github.squashtree.core.internal.host;

import io.github.squashtree.core.tree.EntryType;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * What a run expects an existing non-directory to be before it changes its metadata in place
 * ({@link HostDirectory#openNode}): its type, its link count and, where the run compared it before,
 * that very object. A name swapped meanwhile for another object — a hard link to someone else's
 * file has two links and another inode — is refused rather than changed.
 *
 * <p>The count is a range only for the run's own removals: a run that removed or replaced {@code k}
 * other names of an object it compared with {@code n} links finds between {@code n - k} (a plain
 * directory, an upper name of an overlay) and {@code n} (overlayfs still shows a lower inode's
 * count after whiting out one of its names) links. Then the object itself is checked too, so the
 * range admits no one else's object. Links a run makes go only to objects it made itself.
 *
 * @param type the type the entry must have
 * @param minLinks the fewest links it may have
 * @param maxLinks the most links it may have
 * @param object whether a status is of the object expected (device and inode); always true where
 *     any object of the type and count will do (one the run has just made)
 */
public record ExpectedNode(
    EntryType type, long minLinks, long maxLinks, Predicate<HostStat> object) {

  public ExpectedNode {
    if (type == EntryType.DIRECTORY) {
      throw new IllegalArgumentException("directories are opened with openDirectory");
    }
    if (minLinks < 1 || maxLinks < minLinks) {
      throw new IllegalArgumentException("links " + minLinks + " to " + maxLinks);
    }
  }

  /** An entry of {@code type} with exactly {@code links} links, whichever object it is. */
  public static ExpectedNode of(EntryType type, long links) {
    return new ExpectedNode(type, links, links, st -> true);
  }

  /**
   * The object compared with {@code links} links, of which the run has removed or replaced {@code
   * taken} other names itself; {@code object} tells it by device and inode.
   */
  public static ExpectedNode compared(
      EntryType type, long links, long taken, Predicate<HostStat> object) {
    return new ExpectedNode(type, Math.max(1, links - taken), links, object);
  }

  /** Null if {@code st} is as expected, else what differs, for a message. */
  String mismatch(HostStat st) {
    if (st.type() != type || st.nlink() < minLinks || st.nlink() > maxLinks) {
      return "a "
          + st.type().label()
          + " with "
          + st.nlink()
          + " link(s) where this run expects a "
          + type.label()
          + " with "
          + (minLinks == maxLinks ? "" + minLinks : minLinks + " to " + maxLinks);
    }
    return object.test(st) ? null : another(st);
  }

  /** What differs when {@code st} is of another object than the one compared, for a message. */
  static String another(HostStat st) {
    return "another "
        + st.type().label()
        + " (inode "
        + st.ino()
        + ") than the one this run compared";
  }

  /** The one-line failure for an entry at {@code p} that is not what the run expects. */
  static FileSystemException changed(Path p, String mismatch) {
    return new FileSystemException(
        p.toString(), null, "changed by someone else: " + mismatch + "; left alone");
  }
}
