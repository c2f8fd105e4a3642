/**
 * Internal: the block compressors and decompressors behind each {@link
 * io.github.squashtree.core.compression.Compression}, and the optional libraries they need ({@link
 * io.github.squashtree.core.internal.codec.CodecLibrary}). Every decoder bounds its output.
 */
package io.github.squashtree.core.internal.codec;
