package io.github.squashtree.core.internal.read;

/**
 * A metadata block's uncompressed bytes and where the next block starts.
 *
 * @param data the uncompressed bytes (at most 8 KiB), never modified after decoding
 * @param next absolute offset just past this block on disk
 */
record DecodedBlock(byte[] data, long next) {}
