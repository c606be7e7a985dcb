#!/usr/bin/env python3
"""Builds the deterministic benchmark layers: base/ (~300 MB in ~20,000 files: nested dirs, mixed sizes,
symlinks, hard links, user xattrs) and child/ (new and changed files, .wh. whiteouts, opaque dirs)."""
import os
import random
import sys

out = sys.argv[1]
rnd = random.Random(20261128)
T = 1_700_000_000
CHUNK = bytes(rnd.getrandbits(8) for _ in range(1 << 20))


def data(n):
    start = rnd.randrange(0, len(CHUNK))
    buf = bytearray()
    while len(buf) < n:
        buf += CHUNK[start:start + n - len(buf)]
        start = 0
    return bytes(buf)


def size():
    r = rnd.random()
    if r < 0.85:
        return rnd.randrange(0, 8 << 10)
    if r < 0.99:
        return rnd.randrange(8 << 10, 32 << 10)
    if r < 0.999:
        return rnd.randrange(64 << 10, 512 << 10)
    return rnd.randrange(4 << 20, 8 << 20)


def build_base(root):
    dirs = [""]
    for i in range(1200):
        parent = rnd.choice(dirs)
        if parent.count("/") >= 6:
            parent = ""
        d = (parent + "/" if parent else "") + "d%04d" % i
        os.makedirs(os.path.join(root, d))
        dirs.append(d)
    files = []
    total = 0
    for i in range(20000):
        d = rnd.choice(dirs)
        f = os.path.join(d, "f%05d.bin" % i)
        n = size()
        with open(os.path.join(root, f), "wb") as fh:
            fh.write(data(n))
        total += n
        files.append(f)
        if rnd.random() < 0.05:
            os.setxattr(os.path.join(root, f), "user.bench", b"v%d" % i)
        os.chmod(os.path.join(root, f), rnd.choice([0o644, 0o600, 0o755, 0o444]))
    for i in range(600):
        d = rnd.choice(dirs)
        os.symlink(os.path.relpath(rnd.choice(files), d or "."), os.path.join(root, d, "s%04d" % i))
    for i in range(300):
        d = rnd.choice(dirs)
        os.link(os.path.join(root, rnd.choice(files)), os.path.join(root, d, "h%04d" % i))
    return dirs, files, total


def build_child(root, dirs, files):
    os.makedirs(root)
    made = set()

    def mk(d):
        if d and d not in made:
            os.makedirs(os.path.join(root, d), exist_ok=True)
            made.add(d)

    for f in rnd.sample(files, 600):
        d, b = os.path.split(f)
        mk(d)
        open(os.path.join(root, d, ".wh." + b), "wb").close()
    for d in rnd.sample([x for x in dirs if x], 20):
        mk(d)
        open(os.path.join(root, d, ".wh..wh..opq"), "wb").close()
    for i in range(1500):
        d = rnd.choice(dirs)
        mk(d)
        with open(os.path.join(root, d, "n%05d.bin" % i), "wb") as fh:
            fh.write(data(rnd.randrange(0, 40 << 10)))


def stamp(root):
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        for n in filenames + dirnames:
            os.utime(os.path.join(dirpath, n), (T, T), follow_symlinks=False)


dirs, files, total = build_base(os.path.join(out, "base"))
build_child(os.path.join(out, "child"), dirs, files)
stamp(os.path.join(out, "base"))
stamp(os.path.join(out, "child"))
print("base: %d files, %d dirs, %.0f MB of file data" % (len(files), len(dirs), total / 1e6))
