package io.github.squashtree.core.tree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which entries of a tree to keep: an ordered list of include and exclude globs, the first that
 * matches an entry deciding (as rsync's filter rules do); an entry no rule matches is kept, and an
 * excluded directory takes everything below it along.
 *
 * <p>Globs are anchored at the tree's root (a leading {@code /} is optional): {@code *} matches any
 * run of characters within a name, {@code ?} one character, {@code [a-z]} / {@code [!a-z]} one of a
 * set, {@code \} quotes the next character; a component that is exactly {@code **} matches any
 * number of directories ({@code **}{@code /*.log} is a log file anywhere, {@code var/cache/**} is
 * everything inside {@code var/cache} but not the directory itself, as in {@code .gitignore}); a
 * trailing {@code /} matches directories only. A character is a code point, or one byte of a name
 * that is not UTF-8 ({@link Names}).
 *
 * <pre>{@code
 * PathFilter filter = PathFilter.builder().include("proc/self").exclude("proc/**")
 *     .exclude("**}{@code /*.pyc").build();
 * try (Tree source = filter.apply(DirectoryTree.open(Path.of("rootfs")))) { ... }
 * }</pre>
 *
 * <p>A filter is a view of a tree, not a writer setting, so the same rules serve {@code mk}, the
 * comparator and any other consumer of a {@link Tree}. Immutable and safe to share.
 */
public final class PathFilter {
  /** Keeps everything. */
  public static final PathFilter ALL = new PathFilter(List.of());

  /**
   * One rule: a glob and what a match means.
   *
   * @param include whether a match keeps the entry (else it drops it)
   * @param pattern the glob
   */
  public record Rule(boolean include, String pattern) {
    /**
     * Checks the glob.
     *
     * @param include whether a match keeps the entry (else it drops it)
     * @param pattern the glob
     */
    public Rule {
      Objects.requireNonNull(pattern, "pattern");
      Glob.compile(pattern); // fails early on a pattern that cannot match anything
    }
  }

  private final List<Rule> rules;
  private final Glob[] globs;

  private PathFilter(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.globs = new Glob[rules.size()];
    for (int i = 0; i < globs.length; i++) {
      globs[i] = Glob.compile(rules.get(i).pattern());
    }
  }

  /**
   * A builder with no rules yet.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A filter of {@code rules}, in order.
   *
   * @param rules the rules, tried in this order
   * @return the filter
   */
  public static PathFilter of(List<Rule> rules) {
    return rules.isEmpty() ? ALL : new PathFilter(rules);
  }

  /**
   * The rules, in the order they are tried.
   *
   * @return the rules
   */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * Whether this filter keeps everything (it has no rules).
   *
   * @return true without rules
   */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Whether the rules keep the entry at {@code path} ("/a/b"), its parents aside: the first rule
   * that matches decides; no match keeps it. The root is always kept.
   *
   * @param path absolute path of the entry
   * @param directory whether the entry is a directory
   * @return whether the rules keep it
   */
  public boolean admits(String path, boolean directory) {
    for (int i = 0; i < globs.length; i++) {
      if (globs[i].matches(path, directory)) {
        return rules.get(i).include();
      }
    }
    return true;
  }

  /**
   * {@code tree} without the entries this filter drops; closing the view closes {@code tree}.
   * Returns {@code tree} itself when there are no rules.
   *
   * @param tree the tree to filter
   * @return the filtered view
   */
  public Tree apply(Tree tree) {
    return rules.isEmpty() ? tree : new FilteredTree(tree, this);
  }

  /**
   * The patterns of a pattern file (rsync's {@code --exclude-from}): one a line, lines that are
   * empty or start with {@code #} left out, a trailing CR dropped. The bytes are taken as names are
   * ({@link Names#decode}), so a pattern can name a file whose name is not UTF-8.
   *
   * @param file the file's bytes
   * @return the patterns, in order
   */
  public static List<String> patternLines(byte[] file) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= file.length; i++) {
      if (i == file.length || file[i] == '\n') {
        int end = i;
        if (end > start && file[end - 1] == '\r') {
          end--;
        }
        if (end > start && file[start] != '#') {
          byte[] line = Arrays.copyOfRange(file, start, end);
          out.add(Names.decode(line));
        }
        start = i + 1;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("PathFilter[");
    for (int i = 0; i < rules.size(); i++) {
      s.append(i == 0 ? "" : ", ")
          .append(rules.get(i).include() ? "+ " : "- ")
          .append(rules.get(i).pattern());
    }
    return s.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathFilter f && rules.equals(f.rules);
  }

  @Override
  public int hashCode() {
    return rules.hashCode();
  }

  /** Collects rules in the order they are to be tried. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();

    private Builder() {}

    /**
     * Keeps what {@code glob} matches, unless an earlier rule dropped it.
     *
     * @param glob the glob
     * @return this builder
     */
    public Builder include(String glob) {
      rules.add(new Rule(true, glob));
      return this;
    }

    /**
     * Drops what {@code glob} matches (a directory with all below it), unless an earlier rule kept
     * it.
     *
     * @param glob the glob
     * @return this builder
     */
    public Builder exclude(String glob) {
      rules.add(new Rule(false, glob));
      return this;
    }

    /**
     * Adds each pattern of a pattern file ({@link #patternLines}) as an exclude rule.
     *
     * @param file the pattern file
     * @return this builder
     * @throws IOException if the file cannot be read or holds a bad pattern
     */
    public Builder excludeFrom(Path file) throws IOException {
      for (String p : patternLines(Files.readAllBytes(file))) {
        try {
          exclude(p);
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ": " + e.getMessage(), e);
        }
      }
      return this;
    }

    /**
     * The filter of the rules added so far.
     *
     * @return the filter
     */
    public PathFilter build() {
      return of(rules);
    }
  }
}
