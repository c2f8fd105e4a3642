package io.github.squashtree.cli;

import io.github.squashtree.core.host.HostAccounts;
import io.github.squashtree.core.tree.MetadataOverrides;
import io.github.squashtree.core.tree.PathFilter;
import io.github.squashtree.core.tree.PseudoDefinitions;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.tar.TreeEdit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * What {@code mk} makes of SOURCE before writing it: which entries it keeps (--exclude, --include,
 * --exclude-from, in the order given), pseudo definitions (mksquashfs -p/-pf), the root's mode and
 * owner and a forced owner (mksquashfs -root-mode, -root-uid/-gid, -force-uid/-gid).
 */
final class SourceOptions {
  /** One filter option; a repeated group keeps the options in the order they were given. */
  static final class FilterRule {
    @Option(
        names = "--exclude",
        paramLabel = "GLOB",
        required = true,
        description =
            "Leave out what GLOB matches (anchored at SOURCE's root; * ? [..] within a name, **"
                + " across directories; a directory goes with all below it). Repeatable; the"
                + " first --exclude/--include that matches decides.")
    String exclude;

    @Option(
        names = "--include",
        paramLabel = "GLOB",
        required = true,
        description = "Keep what GLOB matches, even if a later --exclude matches it.")
    String include;

    @Option(
        names = "--exclude-from",
        paramLabel = "FILE",
        required = true,
        description = "--exclude each pattern in FILE (one a line, # comments).")
    Path excludeFrom;
  }

  /** One pseudo option, kept in order like the filter rules (the first definition counts). */
  static final class PseudoOption {
    @Option(
        names = "--pseudo",
        paramLabel = "DEF",
        required = true,
        description =
            "A pseudo definition in mksquashfs -p syntax: 'PATH d|m MODE UID GID',"
                + " 'PATH b|c MODE UID GID MAJOR MINOR', 'PATH s MODE UID GID TARGET',"
                + " 'PATH i MODE UID GID s|f' (and the timed D M B C S I forms). Repeatable.")
    String definition;

    @Option(
        names = "--pseudo-file",
        paramLabel = "FILE",
        required = true,
        description = "Pseudo definitions, one a line, as mksquashfs -pf reads them.")
    Path file;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..*")
  List<FilterRule> filterRules = new ArrayList<>();

  @ArgGroup(exclusive = true, multiplicity = "0..*")
  List<PseudoOption> pseudoOptions = new ArrayList<>();

  @Option(
      names = "--root-mode",
      paramLabel = "MODE",
      description = "The root directory's permissions, octal (mksquashfs -root-mode).")
  String rootMode;

  @Option(
      names = "--root-owner",
      paramLabel = "UID:GID",
      description = "The root directory's owner and group (mksquashfs -root-uid/-root-gid).")
  String rootOwner;

  @Option(
      names = "--force-owner",
      paramLabel = "UID:GID",
      description = "Every entry's owner and group (mksquashfs -force-uid/-force-gid).")
  String forceOwner;

  PathFilter filter() throws Main.UsageException, IOException {
    PathFilter.Builder b = PathFilter.builder();
    for (FilterRule r : filterRules) {
      try {
        if (r.exclude != null) {
          b.exclude(r.exclude);
        } else if (r.include != null) {
          b.include(r.include);
        } else {
          b.excludeFrom(r.excludeFrom);
        }
      } catch (IllegalArgumentException e) {
        throw new Main.UsageException(
            (r.exclude != null ? "--exclude" : "--include") + ": " + e.getMessage());
      } catch (NoSuchFileException e) {
        throw new Main.UsageException("--exclude-from: " + r.excludeFrom + ": no such file");
      } catch (IOException e) {
        throw new Main.UsageException("--exclude-from: " + e.getMessage());
      }
    }
    return b.build();
  }

  PseudoDefinitions pseudo() throws Main.UsageException, IOException {
    PseudoDefinitions all = PseudoDefinitions.NONE;
    HostAccounts accounts = HostAccounts.system();
    for (PseudoOption p : pseudoOptions) {
      try {
        all =
            all.plus(
                p.definition != null
                    ? PseudoDefinitions.parse(p.definition, accounts)
                    : PseudoDefinitions.parseFile(
                        readFile("--pseudo-file", p.file), p.file.toString(), accounts));
      } catch (IllegalArgumentException e) {
        throw new Main.UsageException(
            (p.definition != null ? "--pseudo: " : "--pseudo-file: ") + e.getMessage());
      }
    }
    return all;
  }

  private static byte[] readFile(String option, Path file) throws Main.UsageException, IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new Main.UsageException(option + ": " + file + ": no such file");
    }
  }

  MetadataOverrides overrides() throws Main.UsageException, IOException {
    MetadataOverrides o = MetadataOverrides.NONE;
    try {
      if (rootMode != null) {
        o = o.withRootMode(mode("--root-mode", rootMode));
      }
      if (rootOwner != null) {
        OptionalLong[] ids = owner("--root-owner", rootOwner);
        o = o.withRootOwner(ids[0], ids[1]);
      }
      if (forceOwner != null) {
        OptionalLong[] ids = owner("--force-owner", forceOwner);
        o = o.withForceOwner(ids[0], ids[1]);
      }
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
    return o;
  }

  /** Whether any option changes what is written from SOURCE. */
  boolean any() {
    return !filterRules.isEmpty()
        || !pseudoOptions.isEmpty()
        || rootMode != null
        || rootOwner != null
        || forceOwner != null;
  }

  /**
   * {@code source} as these options change it: filtered, then pseudo definitions (their warnings to
   * {@code warnings}), then owners and the root's mode.
   */
  /**
   * The same changes as {@link #apply} for an archive source, whose files arrive one by one: the
   * filter also says which to compress at all.
   */
  TreeEdit edit(Consumer<String> warnings) throws Main.UsageException, IOException {
    PathFilter filter = filter();
    PseudoDefinitions pseudo = pseudo();
    MetadataOverrides overrides = overrides();
    return TreeEdit.of(filter, t -> overrides.apply(pseudo.apply(t, warnings)));
  }

  Tree apply(Tree source, Consumer<String> warnings) throws Main.UsageException, IOException {
    PathFilter filter = filter();
    PseudoDefinitions pseudo = pseudo();
    MetadataOverrides overrides = overrides();
    Tree t = filter.apply(source);
    t = pseudo.apply(t, warnings);
    return overrides.apply(t);
  }

  static int mode(String option, String text) throws Main.UsageException {
    try {
      int m = Integer.parseInt(text.trim(), 8);
      if (m >= 0 && m <= 07777) {
        return m;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Main.UsageException(option + ": not an octal mode from 0 to 7777: " + text);
  }

  /** "UID:GID", either part a number or a name of this host, or empty to leave it. */
  static OptionalLong[] owner(String option, String text) throws Main.UsageException, IOException {
    int colon = text.indexOf(':');
    if (colon < 0 || text.indexOf(':', colon + 1) >= 0 || text.equals(":")) {
      throw new Main.UsageException(option + ": expected UID:GID, UID: or :GID, not " + text);
    }
    HostAccounts accounts = HostAccounts.system();
    String u = text.substring(0, colon);
    String g = text.substring(colon + 1);
    return new OptionalLong[] {
      u.isEmpty() ? OptionalLong.empty() : OptionalLong.of(id(option, u, accounts, true)),
      g.isEmpty() ? OptionalLong.empty() : OptionalLong.of(id(option, g, accounts, false))
    };
  }

  private static long id(String option, String text, HostAccounts accounts, boolean user)
      throws Main.UsageException, IOException {
    if (text.chars().allMatch(Character::isDigit)) {
      try {
        long n = Long.parseLong(text);
        if (n <= 0xFFFFFFFFL) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new Main.UsageException(option + ": id out of range (0 to 4294967295): " + text);
    }
    OptionalLong id = user ? accounts.uid(text) : accounts.gid(text);
    if (id.isEmpty()) {
      throw new Main.UsageException(
          option + ": unknown " + (user ? "user" : "group") + " '" + text + "'");
    }
    return id.getAsLong();
  }
}
