/**
 * Whole-image checks: {@link io.github.squashtree.core.internal.verify.ImageVerifier} reads every
 * table and block of an image and reports the first corruption, walking it with {@link
 * io.github.squashtree.core.internal.read.ImageWalker}.
 */
package io.github.squashtree.core.internal.verify;
