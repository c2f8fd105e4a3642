#!/usr/bin/env python3
"""Compares the Jazzer coverage reports of two sets of corpus replays (scripts/fuzz-coverage.sh):

    scripts/fuzz-coverage-compare.py BEFORE_DIR AFTER_DIR

A line is newly reached when every replay before missed it and some replay after did not; branches
are compared by the most any replay covered, and so are libFuzzer's edges (the "INITED cov" of each
replay's log), which are finer than branches. Also lists the lines that differ between replays of
the same corpus: a target's nondeterminism. Exits 1 when the later corpus reaches something new.
Jazzer's report names files without their package, so a file is its name and which occurrence."""
import collections
import glob
import os
import re
import sys

SECTIONS = ('Branch coverage:', 'Line coverage:', 'Incompletely covered lines:', 'Missed lines:')


def parse(path):
    section, branches, missed, seen = None, {}, {}, collections.Counter()
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line in SECTIONS:
            section, seen = line[:-1], collections.Counter()
            continue
        m = re.match(r'(\S+): (.*)', line)
        if not m:
            continue
        seen[m.group(1)] += 1
        key = (m.group(1), seen[m.group(1)])
        if section == 'Branch coverage':
            branches[key] = int(m.group(2).split('/')[0])
        elif section == 'Missed lines':
            missed[key] = {int(x) for x in re.findall(r'\d+', m.group(2))}
    return branches, missed


def replays(directory):
    reports = sorted(glob.glob(os.path.join(directory, 'replay-*.txt')))
    if not reports:
        sys.exit(f'no replay-*.txt in {directory}')
    return [parse(r) for r in reports]


def edges(directory):
    """The most edges any replay's corpus load covered, from the replay logs."""
    counts = []
    for log in glob.glob(os.path.join(directory, 'replay-*.log')):
        m = re.search(r'INITED cov: (\d+)', open(log, encoding='utf-8', errors='replace').read())
        if m:
            counts.append(int(m.group(1)))
    return max(counts) if counts else None


def name(key):
    return key[0] if key[1] == 1 else f'{key[0]} (#{key[1]})'


before, after = replays(sys.argv[1]), replays(sys.argv[2])
keys = set().union(*(missed.keys() for _, missed in before + after))
new_lines, varying, more_branches = {}, {}, {}
for key in sorted(keys):
    missed_before = [missed.get(key, set()) for _, missed in before]
    missed_after = [missed.get(key, set()) for _, missed in after]
    reached = set.intersection(*missed_before) - set.intersection(*missed_after)
    if reached:
        new_lines[key] = sorted(reached)
    differ = set.union(*missed_before, *missed_after) - set.intersection(*missed_before, *missed_after)
    if differ:
        varying[key] = sorted(differ)
    b = max(branches.get(key, 0) for branches, _ in before)
    a = max(branches.get(key, 0) for branches, _ in after)
    if a > b:
        more_branches[key] = (b, a)

edges_before, edges_after = edges(sys.argv[1]), edges(sys.argv[2])
more_edges = None not in (edges_before, edges_after) and edges_after > edges_before
print(f'{len(before)} replays before, {len(after)} after')
print(f'edges (most in a replay): {edges_before} -> {edges_after}')
print('lines reached after, never before:', ', '.join(f'{name(k)} {v}' for k, v in new_lines.items()) or 'none')
print('files with more branches after (most in a replay):',
      ', '.join(f'{name(k)} {b} -> {a}' for k, (b, a) in more_branches.items()) or 'none')
print('lines that differ between replays:', ', '.join(f'{name(k)} {v}' for k, v in varying.items()) or 'none')
sys.exit(1 if new_lines or more_branches or more_edges else 0)
