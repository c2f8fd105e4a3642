/**
 * squashtree's exceptions for bad images: {@link io.github.squashtree.core.SquashfsFormatException}
 * (malformed, truncated, unsupported, over a limit) and {@link
 * io.github.squashtree.core.MissingCodecException} (a codec library is not there). The API lives in
 * the sub-packages {@code tree}, {@code image}, {@code write}, {@code host} and {@code
 * compression}.
 */
package io.github.squashtree.core;
