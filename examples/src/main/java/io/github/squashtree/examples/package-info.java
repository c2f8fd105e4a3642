/** The README's Java examples, whole; the build compiles and runs them. */
package io.github.squashtree.examples;
