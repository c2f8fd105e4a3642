/**
 * What {@code java.nio.file} cannot do on Linux: every extended attribute namespace, device nodes
 * and fifos, owners and nanosecond times of symlinks. {@link
 * io.github.squashtree.core.internal.host.HostFileSystem#get()} uses libc through JNA when JNA is
 * on the class path and degrades to NIO, stating what is lost, when it is not.
 */
package io.github.squashtree.core.internal.host;
