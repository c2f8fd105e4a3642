package io.github.squashtree.core.internal.read;

/**
 * A decoded fragment block: its bytes are {@code data[0, length)}; the array may be longer. Shared
 * through the fragment cache, so never modified.
 */
record DecodedFragment(byte[] data, int length) {}
