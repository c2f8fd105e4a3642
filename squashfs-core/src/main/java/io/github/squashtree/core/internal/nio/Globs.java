package io.github.squashtree.core.internal.nio;

import java.nio.file.PathMatcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code getPathMatcher}: "glob:" patterns with the syntax {@link
 * java.nio.file.FileSystem#getPathMatcher} defines for '/'-separated names, and "regex:" patterns,
 * both matched against the path's string.
 */
final class Globs {
  private static final String SPECIAL = "\\^$.|+()[]{}*?";

  private Globs() {}

  static PathMatcher matcher(String syntaxAndPattern) {
    int colon = syntaxAndPattern.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected syntax:pattern, got " + syntaxAndPattern);
    }
    String syntax = syntaxAndPattern.substring(0, colon);
    String input = syntaxAndPattern.substring(colon + 1);
    Pattern pattern;
    if (syntax.equalsIgnoreCase("glob")) {
      pattern = Pattern.compile(toRegex(input));
    } else if (syntax.equalsIgnoreCase("regex")) {
      pattern = Pattern.compile(input);
    } else {
      throw new UnsupportedOperationException("Syntax '" + syntax + "' not recognized");
    }
    return path -> pattern.matcher(path.toString()).matches();
  }

  /** The regular expression of a glob. */
  static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder("^");
    boolean inGroup = false;
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      switch (c) {
        case '\\' -> {
          if (i == glob.length()) {
            throw new PatternSyntaxException("No character to escape", glob, i - 1);
          }
          literal(regex, glob.charAt(i++));
        }
        case '/' -> regex.append('/');
        case '[' -> i = bracket(glob, i, regex);
        case '{' -> {
          if (inGroup) {
            throw new PatternSyntaxException("Cannot nest groups", glob, i - 1);
          }
          regex.append("(?:(?:");
          inGroup = true;
        }
        case '}' -> {
          if (inGroup) {
            regex.append("))");
            inGroup = false;
          } else {
            regex.append('}');
          }
        }
        case ',' -> regex.append(inGroup ? ")|(?:" : ",");
        case '*' -> {
          if (i < glob.length() && glob.charAt(i) == '*') {
            regex.append(".*");
            i++;
          } else {
            regex.append("[^/]*");
          }
        }
        case '?' -> regex.append("[^/]");
        default -> literal(regex, c);
      }
    }
    if (inGroup) {
      throw new PatternSyntaxException("Missing '}'", glob, glob.length() - 1);
    }
    return regex.append('$').toString();
  }

  /** Translates a bracket expression starting after its '['; returns the index after its ']'. */
  private static int bracket(String glob, int i, StringBuilder regex) {
    regex.append("[[^/]&&[");
    if (i < glob.length() && glob.charAt(i) == '^') {
      regex.append("\\^");
      i++;
    } else {
      if (i < glob.length() && glob.charAt(i) == '!') {
        regex.append('^');
        i++;
      }
      if (i < glob.length() && glob.charAt(i) == '-') {
        regex.append('-');
        i++;
      }
    }
    boolean range = false;
    char last = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      if (c == ']') {
        return close(regex, i);
      }
      if (c == '/') {
        throw new PatternSyntaxException("Explicit 'name separator' in class", glob, i - 1);
      }
      if (c == '\\' || c == '[' || c == '&' && i < glob.length() && glob.charAt(i) == '&') {
        regex.append('\\'); // literal in a glob class, special in a regex class
      }
      regex.append(c);
      if (c == '-') {
        if (!range) {
          throw new PatternSyntaxException("Invalid range", glob, i - 1);
        }
        if (i < glob.length() && glob.charAt(i) != ']') {
          char to = glob.charAt(i++);
          if (to < last) {
            throw new PatternSyntaxException("Invalid range", glob, i - 3);
          }
          regex.append(to);
        }
        range = false;
      } else {
        range = true;
        last = c;
      }
    }
    throw new PatternSyntaxException("Missing ']'", glob, i - 1);
  }

  private static int close(StringBuilder regex, int i) {
    regex.append("]]");
    return i;
  }

  private static void literal(StringBuilder regex, char c) {
    if (SPECIAL.indexOf(c) >= 0) {
      regex.append('\\');
    }
    regex.append(c);
  }
}
