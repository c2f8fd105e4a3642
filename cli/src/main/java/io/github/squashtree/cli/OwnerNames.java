package io.github.squashtree.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * User and group names for numeric ids, as {@code unsquashfs -lls} shows them, read from {@code
 * /etc/passwd} and {@code /etc/group} (ids without a name there print as numbers). Names served
 * only by other NSS sources (LDAP, systemd dynamic users) are not seen.
 */
final class OwnerNames {
  private final Map<Long, byte[]> users;
  private final Map<Long, byte[]> groups;
  private final Map<Long, byte[]> numbers = new HashMap<>();

  private OwnerNames(Map<Long, byte[]> users, Map<Long, byte[]> groups) {
    this.users = users;
    this.groups = groups;
  }

  /** Names from the host's files. */
  static OwnerNames host() {
    return new OwnerNames(load(Path.of("/etc/passwd")), load(Path.of("/etc/group")));
  }

  /** Numbers only, as {@code unsquashfs -lln}. */
  static OwnerNames numeric() {
    return new OwnerNames(Map.of(), Map.of());
  }

  byte[] user(long uid) {
    byte[] name = users.get(uid);
    return name != null ? name : number(uid);
  }

  byte[] group(long gid) {
    byte[] name = groups.get(gid);
    return name != null ? name : number(gid);
  }

  private byte[] number(long id) {
    return numbers.computeIfAbsent(id, i -> Long.toString(i).getBytes(StandardCharsets.US_ASCII));
  }

  /** "name:x:id:..." lines; the first name for an id wins, as getpwuid's file lookup does. */
  private static Map<Long, byte[]> load(Path file) {
    Map<Long, byte[]> names = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split(":", 4);
        if (f.length < 3 || f[0].isEmpty() || f[0].startsWith("#")) {
          continue;
        }
        try {
          names.putIfAbsent(Long.parseLong(f[2]), f[0].getBytes(StandardCharsets.UTF_8));
        } catch (NumberFormatException ignored) {
          // not an entry
        }
      }
    } catch (IOException | RuntimeException e) {
      // no names: numbers are printed instead
    }
    return names;
  }
}
