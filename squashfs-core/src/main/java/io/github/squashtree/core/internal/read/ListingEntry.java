package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.internal.format.MetadataRef;
import io.github.squashtree.core.tree.Names;

/**
 * One name in a directory of an image.
 *
 * @param rawName the name's bytes as stored
 * @param basicType the basic inode type the listing records (1 to 7)
 * @param inodeRef reference of the inode in the inode table
 * @param inodeNumber the inode's number
 */
public record ListingEntry(byte[] rawName, int basicType, long inodeRef, long inodeNumber) {

  /** The name as the tree model holds it: UTF-8, other bytes escaped ({@link Names}). */
  public String name() {
    return Names.decode(rawName);
  }

  @Override
  public String toString() {
    return name() + " -> inode " + inodeNumber + " @" + MetadataRef.toString(inodeRef);
  }
}
