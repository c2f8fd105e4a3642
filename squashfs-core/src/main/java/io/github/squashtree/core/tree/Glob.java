package io.github.squashtree.core.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * One compiled glob of a {@link PathFilter}: path components matched one by one, {@code **} as a
 * whole component spanning any number of them.
 *
 * <p>Patterns and paths are compared as the model holds names ({@link Names}): a character is a
 * Unicode code point, or one byte that is not UTF-8, so {@code ?} matches {@code é} and a lone
 * Latin-1 byte alike.
 */
final class Glob {
  /** A component that is exactly {@code **}. */
  private static final int[] ANY_DEPTH = new int[0];

  private final String text;
  private final int[][] components;
  private final boolean directoriesOnly;

  private Glob(String text, int[][] components, boolean directoriesOnly) {
    this.text = text;
    this.components = components;
    this.directoriesOnly = directoriesOnly;
  }

  /**
   * Compiles {@code pattern}: leading slashes are optional (every pattern is anchored at the root),
   * a trailing slash makes it match directories only.
   *
   * @throws IllegalArgumentException if the pattern is empty or has an unclosed {@code [}
   */
  static Glob compile(String pattern) {
    String p = pattern;
    int start = 0;
    while (start < p.length() && p.charAt(start) == '/') {
      start++;
    }
    int end = p.length();
    boolean directoriesOnly = false;
    while (end > start && p.charAt(end - 1) == '/') {
      end--;
      directoriesOnly = true;
    }
    if (end == start) {
      throw new IllegalArgumentException("empty pattern '" + pattern + "'");
    }
    List<int[]> parts = new ArrayList<>();
    for (String part : p.substring(start, end).split("/+")) {
      if (part.equals("**")) {
        parts.add(ANY_DEPTH);
      } else {
        int[] cps = part.codePoints().toArray();
        checkBrackets(pattern, cps);
        parts.add(cps);
      }
    }
    return new Glob(pattern, parts.toArray(new int[0][]), directoriesOnly);
  }

  String text() {
    return text;
  }

  /**
   * Whether the entry at {@code path} ("/a/b") matches. A trailing {@code **} needs at least one
   * component ({@code cache/**} is what is inside {@code cache}, not {@code cache} itself), as in
   * {@code .gitignore}.
   */
  boolean matches(String path, boolean directory) {
    if (directoriesOnly && !directory) {
      return false;
    }
    int[] starts = componentStarts(path);
    return matchFrom(path, starts, 0, 0);
  }

  /** Start offsets of the components of an absolute path, plus one past the end. */
  private static int[] componentStarts(String path) {
    int count = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        count++;
      }
    }
    if (path.length() == 1) {
      return new int[] {path.length() + 1}; // the root: no components
    }
    int[] starts = new int[count + 1];
    int n = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        starts[n++] = i + 1;
      }
    }
    starts[n] = path.length() + 1;
    return starts;
  }

  private boolean matchFrom(String path, int[] starts, int pi, int ci) {
    int componentCount = starts.length - 1;
    while (pi < components.length) {
      int[] part = components[pi];
      if (part == ANY_DEPTH) {
        boolean last = pi == components.length - 1;
        if (last) {
          return ci < componentCount; // at least one component below
        }
        for (int skip = ci; skip <= componentCount; skip++) {
          if (matchFrom(path, starts, pi + 1, skip)) {
            return true;
          }
        }
        return false;
      }
      if (ci >= componentCount || !matchName(part, 0, path, starts[ci], starts[ci + 1] - 1)) {
        return false;
      }
      pi++;
      ci++;
    }
    return ci == componentCount;
  }

  /** Whether {@code s[from, to)} matches the pattern {@code p} from {@code pi}. */
  private static boolean matchName(int[] p, int pi, String s, int from, int to) {
    int si = from;
    // Iterative wildcard matching with one backtrack point: the last '*' seen.
    int starP = -1;
    int starS = -1;
    while (si < to) {
      if (pi < p.length) {
        int c = p[pi];
        int sc = s.codePointAt(si);
        int sLen = Character.charCount(sc);
        if (c == '*') {
          starP = pi++;
          starS = si;
          continue;
        }
        if (c == '?') {
          pi++;
          si += sLen;
          continue;
        }
        if (c == '[') {
          int close = classEnd(p, pi);
          if (classMatches(p, pi + 1, close, sc)) {
            pi = close + 1;
            si += sLen;
            continue;
          }
        } else {
          int literal = c;
          int next = pi + 1;
          if (c == '\\' && pi + 1 < p.length) {
            literal = p[pi + 1];
            next = pi + 2;
          }
          if (literal == sc) {
            pi = next;
            si += sLen;
            continue;
          }
        }
      }
      if (starP < 0) {
        return false;
      }
      pi = starP + 1;
      starS += Character.charCount(s.codePointAt(starS));
      si = starS;
    }
    while (pi < p.length && p[pi] == '*') {
      pi++;
    }
    return pi == p.length;
  }

  /** The index of the ']' that closes the class opened at {@code open}. */
  private static int classEnd(int[] p, int open) {
    int i = open + 1;
    if (i < p.length && (p[i] == '!' || p[i] == '^')) {
      i++;
    }
    if (i < p.length && p[i] == ']') {
      i++; // a ']' first is a member, as in fnmatch
    }
    while (i < p.length && p[i] != ']') {
      i++;
    }
    return i;
  }

  private static boolean classMatches(int[] p, int from, int close, int c) {
    boolean negate = from < close && (p[from] == '!' || p[from] == '^');
    int i = negate ? from + 1 : from;
    boolean hit = false;
    boolean first = true;
    while (i < close) {
      int lo = p[i];
      if (lo == ']' && !first) {
        break;
      }
      first = false;
      if (i + 2 < close && p[i + 1] == '-') {
        if (c >= lo && c <= p[i + 2]) {
          hit = true;
        }
        i += 3;
      } else {
        if (c == lo) {
          hit = true;
        }
        i++;
      }
    }
    return hit != negate;
  }

  private static void checkBrackets(String pattern, int[] cps) {
    for (int i = 0; i < cps.length; i++) {
      if (cps[i] == '\\') {
        i++;
      } else if (cps[i] == '[') {
        int close = classEnd(cps, i);
        if (close >= cps.length) {
          throw new IllegalArgumentException("unclosed '[' in pattern '" + pattern + "'");
        }
        i = close;
      }
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
