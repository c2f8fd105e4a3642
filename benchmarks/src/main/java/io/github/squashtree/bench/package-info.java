/**
 * JMH benchmarks of the reader and writer, and probes for the side-by-side runs; never deployed.
 */
package io.github.squashtree.bench;
