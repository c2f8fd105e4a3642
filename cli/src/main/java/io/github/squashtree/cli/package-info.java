/** The {@code sqfs} command: picocli commands, progress and printing over the library. */
package io.github.squashtree.cli;
