/**
 * squashtree's internals, exported only to its own modules: may change in any release. This package
 * holds what several of them share (worker pools).
 */
package io.github.squashtree.core.internal;
