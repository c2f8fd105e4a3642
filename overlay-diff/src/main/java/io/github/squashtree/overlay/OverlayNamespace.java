package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The namespace of overlayfs's private attributes: {@code trusted.overlay.*} by default, {@code
 * user.overlay.*} for an overlay mounted with {@code userxattr}. As the kernel does, one overlay
 * interprets (and hides) the attributes of its own namespace only; those of the other namespace are
 * ordinary attributes.
 */
public enum OverlayNamespace {
  /** {@code trusted.overlay.*}: the kernel's default, needs privileges to read. */
  TRUSTED("trusted.overlay."),
  /** {@code user.overlay.*}: with the {@code userxattr} mount option. */
  USER("user.overlay.");

  private static final byte[] YES = {'y'};
  private static final byte[] XWHITEOUTS = {'x'};

  private final String prefix;

  OverlayNamespace(String prefix) {
    this.prefix = prefix;
  }

  /**
   * The attribute name prefix, e.g. {@code "trusted.overlay."}.
   *
   * @return the prefix, ending in a dot
   */
  public String prefix() {
    return prefix;
  }

  /**
   * {@code attributes} with this namespace's opaque mark ({@code overlay.opaque=y}): a directory
   * made with them in a layer hides the lower layers' directory of its name.
   *
   * <pre>{@code
   * new TreeBuilder().directory("/etc", OverlayNamespace.TRUSTED.opaque(Attributes.DIRECTORY))
   * }</pre>
   *
   * @param attributes a directory's attributes
   * @return them with the opaque mark
   */
  public Attributes opaque(Attributes attributes) {
    return attributes.xattr(prefix + "opaque", YES);
  }

  /**
   * Whether {@code name} is one of overlayfs's private attributes, hidden in the merged view.
   *
   * @param name an xattr's full name
   * @return whether overlayfs keeps it for itself
   */
  public boolean isPrivate(String name) {
    return name.startsWith(prefix);
  }

  /** A directory marked {@code overlay.opaque="y"}: it hides the lower directory of its name. */
  boolean isOpaque(Metadata m) {
    return m.type() == EntryType.DIRECTORY && Arrays.equals(YES, m.xattrs().get(prefix + "opaque"));
  }

  /**
   * A directory marked {@code overlay.opaque="x"}: not opaque, but its xattr whiteouts count (the
   * kernel looks for them only there, to keep lookups cheap).
   */
  boolean hasXattrWhiteouts(Metadata m) {
    return m.type() == EntryType.DIRECTORY
        && Arrays.equals(XWHITEOUTS, m.xattrs().get(prefix + "opaque"));
  }

  /**
   * A whiteout: a 0/0 character device, or (in a directory with {@link #hasXattrWhiteouts}) a
   * zero-size regular file carrying {@code overlay.whiteout}.
   */
  boolean isWhiteout(Metadata m, boolean parentHasXattrWhiteouts) {
    if (m.type() == EntryType.CHAR_DEVICE) {
      return m.rdevMajor() == 0 && m.rdevMinor() == 0;
    }
    return parentHasXattrWhiteouts
        && m.type() == EntryType.FILE
        && m.size() == 0
        && m.xattrs().containsKey(prefix + "whiteout");
  }

  /** The first attribute of {@code m} that this library cannot interpret, or null. */
  String unsupported(Metadata m) {
    for (String name : new String[] {"redirect", "metacopy"}) {
      if (m.xattrs().containsKey(prefix + name)) {
        return prefix + name;
      }
    }
    return null;
  }

  /** The attributes of {@code m} without overlayfs's private ones. */
  SortedMap<String, byte[]> visible(Metadata m) {
    SortedMap<String, byte[]> out = new TreeMap<>();
    m.xattrs()
        .forEach(
            (k, v) -> {
              if (!isPrivate(k)) {
                out.put(k, v);
              }
            });
    return out;
  }
}
