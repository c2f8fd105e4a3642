/**
 * The codecs a SquashFS image can use ({@link io.github.squashtree.core.compression.Compression})
 * and the settings each stores in an image (the {@link
 * io.github.squashtree.core.compression.CompressorOptions} records), as mksquashfs writes them.
 */
package io.github.squashtree.core.compression;
