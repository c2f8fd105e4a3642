package io.github.squashtree.core.host;

import io.github.squashtree.core.tree.PseudoDefinitions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * User and group names of this host, as mksquashfs resolves them with {@code getpwnam} and {@code
 * getgrnam}: from {@code /etc/passwd} and {@code /etc/group} (name services beyond the files are
 * not consulted). Read once, when first asked.
 */
public final class HostAccounts implements PseudoDefinitions.Accounts {
  private final Path passwd;
  private final Path group;
  private Map<String, Long> users;
  private Map<String, Long> groups;

  private HostAccounts(Path passwd, Path group) {
    this.passwd = passwd;
    this.group = group;
  }

  /**
   * The accounts of {@code /etc/passwd} and {@code /etc/group}.
   *
   * @return the host's accounts
   */
  public static HostAccounts system() {
    return new HostAccounts(Path.of("/etc/passwd"), Path.of("/etc/group"));
  }

  /**
   * The accounts of files in the {@code passwd(5)} and {@code group(5)} formats.
   *
   * @param passwd the users file
   * @param group the groups file
   * @return their accounts
   */
  public static HostAccounts of(Path passwd, Path group) {
    return new HostAccounts(passwd, group);
  }

  @Override
  public synchronized OptionalLong uid(String name) throws IOException {
    if (users == null) {
      users = read(passwd);
    }
    Long id = users.get(name);
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  @Override
  public synchronized OptionalLong gid(String name) throws IOException {
    if (groups == null) {
      groups = read(group);
    }
    Long id = groups.get(name);
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  /** name:password:id:... lines; the first of a name counts, as getpwnam finds it. */
  private static Map<String, Long> read(Path file) throws IOException {
    Map<String, Long> ids = new HashMap<>();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return ids;
    }
    for (String line : text.split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length < 3 || f[0].isEmpty() || f[0].startsWith("#")) {
        continue;
      }
      try {
        long id = Long.parseLong(f[2]);
        if (id >= 0 && id <= 0xFFFFFFFFL) {
          ids.putIfAbsent(f[0], id);
        }
      } catch (NumberFormatException e) {
        // not an account line
      }
    }
    return ids;
  }
}
