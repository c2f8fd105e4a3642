package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * Owners as an image stores them: numbers. An image carries no user database, and the host's names
 * would describe another system, so a principal's name is its decimal id ("0", "1000"), and lookups
 * take ids only.
 */
final class Principals extends UserPrincipalLookupService {
  static final Principals INSTANCE = new Principals();

  private Principals() {}

  /** A numeric owner. */
  record User(long id) implements UserPrincipal {
    @Override
    public String getName() {
      return Long.toString(id);
    }

    @Override
    public String toString() {
      return getName();
    }
  }

  /** A numeric group. */
  record Group(long id) implements GroupPrincipal {
    @Override
    public String getName() {
      return Long.toString(id);
    }

    @Override
    public String toString() {
      return getName();
    }
  }

  static User user(long uid) {
    return new User(uid);
  }

  static Group group(long gid) {
    return new Group(gid);
  }

  @Override
  public UserPrincipal lookupPrincipalByName(String name) throws IOException {
    return new User(id(name));
  }

  @Override
  public GroupPrincipal lookupPrincipalByGroupName(String group) throws IOException {
    return new Group(id(group));
  }

  /** The 32-bit id a name stands for; anything else is not found. */
  private static long id(String name) throws UserPrincipalNotFoundException {
    try {
      long id = Long.parseLong(name);
      if (id >= 0 && id <= 0xFFFFFFFFL) {
        return id;
      }
    } catch (NumberFormatException e) {
      // not a number: fall through
    }
    throw new UserPrincipalNotFoundException(name);
  }

  /**
   * The id of a principal this file system can store: one of its own, or any whose name is an id
   * (so principals of another provider named by number work too).
   */
  static long uidOf(UserPrincipal p) throws IOException {
    if (p instanceof User u) {
      return u.id();
    }
    if (p instanceof Group) {
      throw new IllegalArgumentException("a group is not an owner: " + p);
    }
    return id(p.getName());
  }

  static long gidOf(GroupPrincipal p) throws IOException {
    if (p instanceof Group g) {
      return g.id();
    }
    return id(p.getName());
  }
}
