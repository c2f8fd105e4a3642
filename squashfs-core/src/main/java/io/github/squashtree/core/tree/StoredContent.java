package io.github.squashtree.core.tree;

/**
 * A regular file's content in the form some source stores it (compressed blocks in an image), which
 * a writer with the same settings may copy instead of compressing the content again.
 *
 * <p>The model does not look inside: a source hands out its own kind, and only a writer that knows
 * that kind uses it. Trees that wrap other trees pass it through unchanged.
 */
public interface StoredContent {}
