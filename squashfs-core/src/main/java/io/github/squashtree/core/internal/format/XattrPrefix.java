package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.SquashfsFormatException;
import java.util.Optional;

/** The namespaces an xattr key can have, by the id stored in its type field. */
public enum XattrPrefix {
  USER("user."),
  TRUSTED("trusted."),
  SECURITY("security.");

  /** Or-ed into a key's type when its value is stored out of line. */
  public static final int OUT_OF_LINE = 0x0100;

  private final String prefix;

  XattrPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  public static XattrPrefix of(int type) throws SquashfsFormatException {
    int id = type & ~OUT_OF_LINE;
    if (id >= values().length || (type & ~(OUT_OF_LINE | 0xFF)) != 0) {
      throw new SquashfsFormatException("unknown xattr prefix type 0x" + Integer.toHexString(type));
    }
    return values()[id];
  }

  /** The prefix of a full attribute name, if it is one SquashFS can store. */
  public static Optional<XattrPrefix> ofName(String name) {
    for (XattrPrefix p : values()) {
      if (name.startsWith(p.prefix) && name.length() > p.prefix.length()) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
