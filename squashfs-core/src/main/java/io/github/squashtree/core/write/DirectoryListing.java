package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.format.DirectoryIndex;
import java.util.List;

/**
 * Where a directory's listing went in the directory table.
 *
 * @param block start of its first metadata block, relative to the table
 * @param offset offset of the listing in that block
 * @param size bytes of headers and entries (without the kernel's 3)
 * @param index an index entry for each header that starts a new metadata block
 */
record DirectoryListing(long block, int offset, long size, List<DirectoryIndex> index) {}
