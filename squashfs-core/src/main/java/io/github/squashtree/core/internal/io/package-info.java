/**
 * Internal: positional byte sources an image is read from (a file channel, a buffer, an offset into
 * either).
 */
package io.github.squashtree.core.internal.io;
