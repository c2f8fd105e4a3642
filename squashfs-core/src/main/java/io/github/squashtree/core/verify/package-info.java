/**
 * Whole-image checks: {@link io.github.squashtree.core.verify.ImageVerifier} reads every table and
 * block of an image and reports the first corruption; {@link
 * io.github.squashtree.core.verify.ImageWalker} is the fast, loop-safe depth-first walk it (and the
 * CLI's listing) is built on.
 */
package io.github.squashtree.core.verify;
