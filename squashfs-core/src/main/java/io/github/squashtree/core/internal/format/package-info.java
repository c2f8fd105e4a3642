/**
 * Internal: the on-disk structures of SquashFS 4.0 as records with {@code decode} and {@code
 * encodeTo}; no I/O.
 */
package io.github.squashtree.core.internal.format;
