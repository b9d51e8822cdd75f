"""attack_lib.py - what the attack suites (attack_homes.py, cli_fuzz.py) share: a tree's state, to tell that a
run changed nothing it was not asked to."""
import hashlib
import os
import stat


def snapshot(top):
    """Every entry under top: its kind, mode, owner, link target and content hash (a FIFO or device by kind)."""
    out = {}
    for base, dirs, files in os.walk(top):
        for name in dirs + files:
            p = os.path.join(base, name)
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                out[p] = ("l", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                out[p] = ("d", st.st_mode, st.st_uid)
            elif stat.S_ISREG(st.st_mode):
                with open(p, "rb") as f:
                    out[p] = ("f", st.st_mode, st.st_uid, hashlib.sha256(f.read()).hexdigest())
            else:
                out[p] = ("o", st.st_mode)
    return out
