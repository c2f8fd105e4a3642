package io.github.squashtree.overlay;

/** How a layer or an upper directory records that a name of the layers below is deleted. */
public enum WhiteoutStyle {
  /**
   * A character device 0/0, as overlayfs makes them itself: understood by every kernel with
   * overlayfs, but making one needs {@code CAP_MKNOD}.
   */
  CHAR_DEVICE("char"),
  /**
   * A zero-size regular file carrying {@code trusted.overlay.whiteout} and {@code
   * user.overlay.whiteout}, in a directory marked {@code overlay.opaque="x"} (Linux 6.7 and later):
   * no device node anywhere.
   */
  XATTR("xattr");

  private final String label;

  WhiteoutStyle(String label) {
    this.label = label;
  }

  /**
   * The name used on the command line.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * The style called {@code label} on the command line.
   *
   * @param label {@code char} or {@code xattr}
   * @return the style
   */
  public static WhiteoutStyle fromLabel(String label) {
    for (WhiteoutStyle s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown whiteout style '" + label + "' (char or xattr)");
  }
}
