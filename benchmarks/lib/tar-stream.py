#!/usr/bin/env python3
"""Writes a tar archive to stdout without keeping it anywhere, for memory measurements.

  tar-stream.py big GIB     GIB GiB of incompressible content: 16 files of 64 MiB per GiB
  tar-stream.py many N      N empty files, 1000 to a directory
"""
import io
import os
import sys
import tarfile


class Random(io.RawIOBase):
    def __init__(self, size):
        self.left = size

    def readable(self):
        return True

    def readinto(self, b):
        k = min(len(b), self.left)
        if k == 0:
            return 0
        b[:k] = os.urandom(k)
        self.left -= k
        return k


def main():
    kind, n = sys.argv[1], int(sys.argv[2])
    with tarfile.open(fileobj=sys.stdout.buffer, mode="w|", format=tarfile.GNU_FORMAT) as t:
        if kind == "big":
            size = 64 << 20
            for i in range(n * 16):
                info = tarfile.TarInfo("big/f%04d" % i)
                info.size, info.mtime = size, 1700000000
                t.addfile(info, io.BufferedReader(Random(size), 1 << 20))
        else:
            for i in range(n):
                info = tarfile.TarInfo("many/d%04d/f%07d" % (i // 1000, i))
                info.mtime = 1700000000
                t.addfile(info)


main()
