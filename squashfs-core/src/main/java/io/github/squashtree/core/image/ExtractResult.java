package io.github.squashtree.core.image;

import java.util.List;

/** What an extraction did. */
public record ExtractResult(
    long files,
    long directories,
    long symlinks,
    long hardLinks,
    long specialFiles,
    long bytes,
    List<String> warnings) {
  /** Keeps an unmodifiable copy of the warnings. */
  public ExtractResult {
    warnings = List.copyOf(warnings);
  }
}
