#!/usr/bin/env python3
"""The "no behaviour change" check (issue 26): tests/compare_binaries.sh runs this; see that file for the usage.

Two qwlint binaries, OLD and NEW, run on every input we have in every mode; each (input, mode) is one compared
run, and it differs when the exit status, standard output or standard error (and, for --fix, the file tree after
it) are not byte-identical after normalisation: the run's temporary directories (each binary works in its own copy
of the input, with its own empty HOME), the --fix backup stamp (YYYYMMDDTHHMMSS-PID) and a temp file's name become
placeholders, so runs in different places compare equal.

QW601's unsafe repair writes new random secrets (getrandom), so two runs never agree on them: every run has
LD_PRELOAD of a shim (built here with cc) whose getrandom returns the same bytes for the same request, so the
repaired files and the masked values in --diff compare byte for byte too (--real-random turns it off; needed for a
binary built with AddressSanitizer, whose runtime must come first).

Only qwlint is run as a separate process (and git for the rule examples that are git work trees, and cc for the
shim and the benchmark generator): copying, hashing, normalising and diffing happen here, since a process costs
about as much as a small qwlint run on a loaded machine.
"""
import argparse
import concurrent.futures
import difflib
import glob
import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

# getrandom for the runs: the same bytes for the same request (in any thread, in any order), not a sequence
SHIM_C = r"""
#include <stddef.h>
#include <sys/types.h>
ssize_t getrandom(void *buf, size_t n, unsigned flags)
{
	(void)flags;
	for (size_t i = 0; i < n; i++)
		((unsigned char *)buf)[i] = (unsigned char)(i * 37u + 11u);
	return (ssize_t)n;
}
"""
BENCH_SEED = "20261123"  # bench/gencorpus.c's default seed: the slice is the first homes of make bench's corpus
DIFF_LINES = 20
LINE_WIDTH = 240  # characters of a diff line shown
STOP = threading.Event()
RUN_TIMEOUT = 120  # seconds for one qwlint run (the benchmark slice's take about 1 s): a hang is a difference

STAMP_RE = re.compile(rb"[0-9]{8}T[0-9]{6}-[0-9]+")
TEMP_RE = re.compile(rb"\.qwlint-tmp-[A-Za-z0-9]{6}")


def parse_args():
    p = argparse.ArgumentParser(prog="compare_binaries.sh", description="qwlint OLD vs NEW, byte for byte")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--quick", action="store_true",
                   help="no benchmark slice, no --fix runs, and the formats from one run (-o FMT:FILE each)")
    p.add_argument("-j", "--jobs", type=int, default=2, help="inputs at once (default 2)")
    p.add_argument("--only", metavar="REGEX", help="only the inputs whose id matches REGEX at its start")
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    p.add_argument("--real-random", action="store_true", help="no getrandom shim (QW601's repairs then differ)")
    p.add_argument("--bench-homes", type=int, default=int(os.environ.get("CMP_BENCH_HOMES", "200")))
    p.add_argument("--corpus", default=os.environ.get("CMP_CORPUS"), help="default ../shared/corpus")
    p.add_argument("--top", default=None, help="the qwlint checkout (default: the current directory)")
    return p.parse_args()


class Input:
    """One input: where it comes from, how it is staged, and what qwlint is given besides the mode."""

    def __init__(self, ident, kind, src):
        self.id, self.kind, self.src = ident, kind, src
        self.args, self.fix_args, self.target = [], None, ["."]


class Ctx:
    """What every job shares: the binaries, the environment, the work directory, the modes."""

    def __init__(self, a, tmp, top, formats):
        self.bins = {"old": os.path.abspath(a.old), "new": os.path.abspath(a.new)}
        self.tmp, self.top, self.formats, self.quick = tmp, top, formats, a.quick
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC",
                    "NO_COLOR": "1", "TMPDIR": tmp}
        self.homes = {}
        for side in ("old", "new"):
            self.homes[side] = os.path.join(tmp, "home", side)
            os.makedirs(self.homes[side])

    def side_env(self, side):
        e = dict(self.env)
        e["HOME"] = self.homes[side]
        return e


# --- staging ----------------------------------------------------------------------------------------------------

def copy_tree(src, dst):
    """cp -a: modes, symlinks as symlinks."""
    shutil.copytree(src, dst, symlinks=True)


def chmod_files(root, mode):
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            if not os.path.islink(p):
                os.chmod(p, mode)


def owner_writable(root):
    """chmod -R u+w, as the corpus test does to its copies (a file kept read-only upstream stays readable)."""
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(d, n)
            st = os.lstat(p)
            if not stat.S_ISLNK(st.st_mode) and not st.st_mode & stat.S_IWUSR:
                os.chmod(p, st.st_mode | stat.S_IWUSR)


def apply_modes(modes_file, root):
    """A case's `modes` file: lines "MODE PATH", as tests/run_case.sh applies them."""
    if not os.path.exists(modes_file):
        return
    with open(modes_file) as f:
        for line in f:
            parts = line.split(None, 1)
            if len(parts) != 2:
                continue
            mode, path = parts[0], parts[1].rstrip("\n")
            os.chmod(os.path.join(root, path), int(mode, 8))


def read_words(path, cwd):
    """An args file as tests/run_case.sh passes it, unquoted: split at white space, each word a glob in cwd."""
    words = []
    with open(path) as f:
        for w in f.read().split():
            found = sorted(glob.glob(w, root_dir=cwd)) if glob.has_magic(w) else []
            words.extend(found or [w])
    return words


def stage(ctx, inp, dst):
    """The input's tree in dst, as tests/run_case.sh, tests/example_copy.sh or the corpus tests prepare it."""
    if inp.kind == "case":
        copy_tree(os.path.join(inp.src, "input"), dst)
        chmod_files(dst, 0o600)
        apply_modes(os.path.join(inp.src, "modes"), dst)
        if os.path.exists(os.path.join(inp.src, "args")):
            inp.args = read_words(os.path.join(inp.src, "args"), dst)
        if os.path.exists(os.path.join(inp.src, "fix_args")):
            inp.fix_args = read_words(os.path.join(inp.src, "fix_args"), dst)
    elif inp.kind in ("example-before", "example-after"):
        part = inp.kind.split("-", 1)[1]
        # the example's own copy function, so the git work trees are made as the examples test makes them
        r = subprocess.run(["sh", "-c", '. "$1/tests/example_copy.sh"; fail=0; copy "$2" "$3" "$4"; exit $fail',
                            "sh", ctx.top, inp.src, part, dst], env=ctx.env, capture_output=True)
        if r.returncode != 0 or not os.path.isdir(dst):
            raise RuntimeError("example_copy.sh failed: " + r.stdout.decode(errors="replace")[:200])
    elif inp.kind == "dir":
        copy_tree(inp.src, dst)
        owner_writable(dst)
    elif inp.kind == "file":
        os.mkdir(dst)
        shutil.copy2(inp.src, dst)
        owner_writable(dst)
        inp.target = [os.path.basename(inp.src)]
    elif inp.kind == "bench":
        copy_tree(inp.src, dst)
        inp.target = ["homes", "dify", "single"]


# --- comparing --------------------------------------------------------------------------------------------------

def manifest(root):
    """Every path under root: type, mode, symlink target, and each file's sha256 (not .git's contents)."""
    lines = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for n in sorted(dirs + files):
            p = os.path.join(d, n)
            rel = os.path.relpath(p, root)
            st = os.lstat(p)
            m = "%o" % stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                lines.append("l %s %s -> %s" % (m, rel, os.readlink(p)))
            elif stat.S_ISDIR(st.st_mode):
                lines.append("d %s %s/" % (m, rel))
            elif stat.S_ISREG(st.st_mode):
                with open(p, "rb") as f:
                    h = hashlib.sha256(f.read()).hexdigest()
                lines.append("f %s %s sha256:%s" % (m, rel, h[:16]))
            else:
                lines.append("? %s %s" % (m, rel))
        if ".git" in dirs:
            dirs.remove(".git")
    return ("\n".join(lines) + "\n").encode()


def shorten(lines):
    """Diff lines of at most about LINE_WIDTH characters: a long removed or added line (a JSON report holds a
    finding a line) is shown around its first difference from its partner (the i-th - line of a run of them pairs
    with the i-th + line), so the change stays in view."""
    out, i = [], 0
    while i < len(lines):
        if lines[i].startswith("-") and not lines[i].startswith("---"):
            j = i
            while j < len(lines) and lines[j].startswith("-"):
                j += 1
            k = j
            while k < len(lines) and lines[k].startswith("+") and not lines[k].startswith("+++"):
                k += 1
            minus, plus = lines[i:j], lines[j:k]
            for n, m in enumerate(minus):
                out.append(window(m, plus[n] if n < len(plus) else None))
            for n, p in enumerate(plus):
                out.append(window(p, minus[n] if n < len(minus) else None))
            i = k
        else:
            out.append(window(lines[i], None))
            i += 1
    return out


def window(line, partner):
    if len(line) <= LINE_WIDTH:
        return line
    at = 1  # past the diff's own - or +
    if partner is not None:
        while at < min(len(line), len(partner)) and line[at] == partner[at]:
            at += 1
    lo = max(1, at - LINE_WIDTH // 3)
    hi = lo + LINE_WIDTH
    return (line[0] + ("…" if lo > 1 else "") + line[lo:hi] + ("…(%d more)" % (len(line) - hi) if hi < len(line)
                                                               else ""))


class Job:
    """One input: every mode, both binaries. Collects the number of runs and the report of each that differs."""

    def __init__(self, ctx, n, inp):
        self.ctx, self.inp = ctx, inp
        self.dir = os.path.join(ctx.tmp, "w", str(n))
        self.work = {s: os.path.join(self.dir, s) for s in ("old", "new")}
        self.runs = 0
        self.report = []
        self.subs = []
        for s in ("old", "new"):
            self.subs.append((self.work[s].encode(), b"<WORK>"))
            self.subs.append((ctx.homes[s].encode(), b"<HOME>"))
        self.subs.append((ctx.tmp.encode(), b"<TMP>"))

    def norm(self, data):
        for a, b in self.subs:
            data = data.replace(a, b)
        data = STAMP_RE.sub(b"<STAMP>", data)
        return TEMP_RE.sub(b".qwlint-tmp-<X>", data)

    def run(self, side, argv, stdin=None):
        if STOP.is_set():
            raise RuntimeError("interrupted")
        with open(stdin or os.devnull, "rb") as f:
            try:
                r = subprocess.run([self.ctx.bins[side]] + argv, cwd=self.work[side], env=self.ctx.side_env(side),
                                   stdin=f, capture_output=True, timeout=RUN_TIMEOUT)
            except subprocess.TimeoutExpired as e:
                return {"exit": b"timeout", "stdout": e.stdout or b"", "stderr": e.stderr or b""}
        return {"exit": str(r.returncode).encode(), "stdout": r.stdout, "stderr": r.stderr}

    def diff(self, label, what, a, b):
        lines = difflib.unified_diff(a.decode("utf-8", "backslashreplace").splitlines(),
                                     b.decode("utf-8", "backslashreplace").splitlines(),
                                     "old " + what, "new " + what, lineterm="", n=2)
        return ["    " + line for line in shorten(list(lines)[:DIFF_LINES])]

    def compare(self, label, res):
        """res: {part: (old bytes, new bytes)}; counts one run, reports it if a part differs."""
        self.runs += 1
        bad = []
        for part, (a, b) in res.items():
            if a != b:
                a, b = self.norm(a), self.norm(b)
                if a != b:
                    bad.append((part, a, b))
        if not bad:
            return
        ex = res["exit"]
        self.report.append("DIFF %s: %s (differs: %s; exit %s vs %s)" % (
            self.inp.id, label, ", ".join(p for p, _, _ in bad), ex[0].decode(), ex[1].decode()))
        for part, a, b in bad:
            if part != "exit":
                self.report.extend(self.diff(label, part, a, b))

    def both(self, argv):
        o, n = self.run("old", argv), self.run("new", argv)
        return {k: (o[k], n[k]) for k in o}

    def stdin_run(self, argv, path):
        o, n = self.run("old", argv, path), self.run("new", argv, path)
        self.compare(" ".join(argv) + " <" + os.path.basename(path), {k: (o[k], n[k]) for k in o})

    def fresh(self, src):
        for s in ("old", "new"):
            shutil.rmtree(self.work[s], ignore_errors=True)
            copy_tree(src, self.work[s])

    def lint(self, mode):
        argv = mode + self.inp.args + self.inp.target
        self.compare(" ".join(mode + self.inp.args), self.both(argv))

    def lint_outputs(self):
        """--quick: every format from one run, each written by -o FMT:FILE beside the work copies."""
        outs, files = {}, {}
        for s in ("old", "new"):
            files[s] = {f: os.path.join(self.dir, "%s.%s" % (s, f)) for f in self.ctx.formats}
            argv = ["--format", "human", "--color", "never"]
            for f in self.ctx.formats:
                argv += ["-o", "%s:%s" % (f, files[s][f])]
            outs[s] = self.run(s, argv + self.inp.args + self.inp.target)
        self.subs.extend((files[s][f].encode(), b"<FILE>") for s in files for f in files[s])
        label = " ".join(["--format human"] + ["-o %s:FILE" % f for f in self.ctx.formats] + self.inp.args)
        self.compare(label, {k: (outs["old"][k], outs["new"][k]) for k in outs["old"]})
        for f in self.ctx.formats:
            got = {}
            for s in ("old", "new"):
                p = files[s][f]
                got[s] = open(p, "rb").read() if os.path.exists(p) else b"(no file)"
            self.compare("-o %s:FILE (the file)" % f, {"exit": (outs["old"]["exit"], outs["new"]["exit"]),
                                                       "file": (got["old"], got["new"])})

    def fix(self, src, mode):
        self.fresh(src)
        res = self.both(mode + self.inp.target)
        res["file tree after it (type mode path sha256)"] = (manifest(self.work["old"]), manifest(self.work["new"]))
        self.compare(" ".join(mode), res)

    def go(self):
        ctx, inp = self.ctx, self.inp
        os.makedirs(self.dir)
        try:
            if inp.kind == "cli":
                self.cli()
                return
            src = os.path.join(self.dir, "src")
            stage(ctx, inp, src)
            self.fresh(src)
            if ctx.quick:
                self.lint_outputs()
            else:
                for f in ctx.formats:
                    self.lint(["--format", f, "--color", "never"])
            self.lint(["--format", "human", "--color", "always"])
            self.lint(["--statistics", "--unsafe-fixes"])
            self.lint(["--list-files"])
            self.lint(["--resolve", "--color", "never"])
            self.lint(["--resolve", "--format", "json"])
            if not ctx.quick:
                self.lint(["--diff"])
            self.lint(["--diff", "--unsafe-fixes"])
            if inp.kind == "file":  # the file on standard input, as an editor or a hook passes it
                for mode in (["--format", "concise"], ["--format", "json"], ["--diff", "--unsafe-fixes"]):
                    self.stdin_run(mode + ["--stdin-filename", inp.target[0]] + inp.args + ["-"],
                                   os.path.join(src, inp.target[0]))
            # the read-only modes wrote nothing
            self.runs += 1
            want = manifest(src)
            for s in ("old", "new"):
                got = manifest(self.work[s])
                if got != want:
                    self.report.append("DIFF %s: the read-only modes changed the %s copy of the input" % (inp.id, s))
                    self.report.extend(self.diff("", "tree", want, got))
            if not ctx.quick:
                self.fix(src, ["--color", "never", "--fix"] + inp.args)
                self.fix(src, ["--color", "never", "--fix", "--unsafe-fixes"] + inp.args)
                if inp.fix_args:
                    self.fix(src, ["--color", "never"] + inp.fix_args)
        except Exception as e:  # a set-up failure is a difference: nothing was compared
            self.report.append("SETUP %s: %s" % (inp.id, e))
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def cli(self):
        """The runs without an input, in an empty directory."""
        for s in ("old", "new"):
            os.makedirs(self.work[s])
        for m in (["--help"], ["--version"], ["--list-rules"], ["--format", "nope", "."], ["--no-such-option"],
                  ["--explain", "QW999"], ["--explain"], ["--color", "never"], ["-j", "0", "."]):
            self.compare(" ".join(m), self.both(m))
        rules = set()
        for s in ("old", "new"):
            for line in self.run(s, ["--list-rules"])["stdout"].decode(errors="replace").splitlines():
                w = line.split()
                if len(w) >= 2 and re.match(r"QW[0-9]+$", w[0]):
                    rules.add((w[0], w[1]))
        for rid, name in sorted(rules):
            self.compare("--explain " + rid, self.both(["--explain", rid]))
            self.compare("--explain " + name, self.both(["--explain", name]))


# --- the driver -------------------------------------------------------------------------------------------------

def formats_of(ctx):
    """The union of the formats each binary's --help lists."""
    found = set()
    for s in ("old", "new"):
        r = subprocess.run([ctx.bins[s], "--help"], env=ctx.side_env(s), capture_output=True)
        m = re.search(rb"--format FMT\s+output format: ([a-z, ]+)", r.stdout + r.stderr)
        if m:
            found.update(x.strip().decode() for x in m.group(1).split(b",") if x.strip())
    return sorted(found)


def build_shim(ctx):
    c = os.path.join(ctx.tmp, "getrandom_shim.c")
    so = os.path.join(ctx.tmp, "getrandom_shim.so")
    with open(c, "w") as f:
        f.write(SHIM_C)
    subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", so, c], check=True)
    return so


def bench_slice(ctx, homes):
    gen = os.path.join(ctx.tmp, "gencorpus")
    subprocess.run(["cc", "-O2", "-o", gen, os.path.join(ctx.top, "bench", "gencorpus.c")], check=True)
    out = os.path.join(ctx.tmp, "bench")
    subprocess.run([gen, out, str(homes), BENCH_SEED], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(os.path.join(out, "big"))  # a 52 MB YAML and a 100 000-entry pool: performance, not behaviour
    return out


def inputs_of(ctx, a, corpus):
    ins = [Input("cli", "cli", None)]
    if not a.quick:
        ins.append(Input("bench/%d-homes" % a.bench_homes, "bench", None))  # first: the longest job
    cases = os.path.join(ctx.top, "testdata", "cases")
    for n in sorted(os.listdir(cases)):
        if os.path.isdir(os.path.join(cases, n, "input")):
            ins.append(Input("case/" + n, "case", os.path.join(cases, n)))
    ex = os.path.join(ctx.top, "testdata", "examples")
    for n in sorted(os.listdir(ex)):
        for part in ("before", "after"):
            if os.path.isdir(os.path.join(ex, n, part)):
                ins.append(Input("example/%s/%s" % (n, part), "example-" + part, os.path.join(ex, n)))
    if os.path.isdir(corpus):
        for d in sorted(os.listdir(corpus)):
            if not os.path.isdir(os.path.join(corpus, d)):
                continue
            for e in sorted(os.listdir(os.path.join(corpus, d))):
                p = os.path.join(corpus, d, e)
                ins.append(Input("corpus/%s/%s" % (d, e), "dir" if os.path.isdir(p) else "file", p))
    else:
        print("compare_binaries.sh: no corpus at %s; leaving it out" % corpus, file=sys.stderr)
    if a.only:
        ins = [i for i in ins if re.match(a.only, i.id)]
    return ins


def main():
    a = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the work directory is removed
    start = time.time()
    for b in (a.old, a.new):
        if not (os.path.isfile(b) and os.access(b, os.X_OK)):
            print("compare_binaries.sh: %s is not an executable file" % b, file=sys.stderr)
            return 2
    top = os.path.abspath(a.top or ".")
    if not os.path.isdir(os.path.join(top, "testdata", "cases")):
        print("compare_binaries.sh: run it from a qwlint checkout root", file=sys.stderr)
        return 2
    corpus = os.path.abspath(a.corpus or os.path.join(top, "..", "shared", "corpus"))
    tmp = tempfile.mkdtemp(prefix="qwlint-compare.")
    try:
        ctx = Ctx(a, tmp, top, [])
        if not a.real_random:
            ctx.env["LD_PRELOAD"] = build_shim(ctx)
        ctx.formats = formats_of(ctx)
        if not ctx.formats:
            print("compare_binaries.sh: no formats in --help", file=sys.stderr)
            return 2
        ins = inputs_of(ctx, a, corpus)
        for i in ins:
            if i.kind == "bench":
                i.src = bench_slice(ctx, a.bench_homes)
        print("compare_binaries.sh: %s vs %s: %d inputs; formats %s%s; -j %d" % (
            ctx.bins["old"], ctx.bins["new"], len(ins), " ".join(ctx.formats), " (--quick)" if a.quick else "",
            a.jobs), flush=True)
        jobs = [Job(ctx, n, i) for n, i in enumerate(ins)]
        done = [0]
        lock = threading.Lock()

        def go(j):
            j.go()
            with lock:
                done[0] += 1
                if sys.stderr.isatty() or done[0] % 50 == 0:
                    print("compare_binaries.sh: %d of %d inputs, %.0f s" % (done[0], len(jobs), time.time() - start),
                          file=sys.stderr, flush=True)

        pool = concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs)
        try:
            list(pool.map(go, jobs))
        finally:  # interrupted: the running jobs stop at their next run, the others never start
            STOP.set()
            pool.shutdown(wait=True, cancel_futures=True)
        runs = sum(j.runs for j in jobs)
        differ = 0
        per_mode = {}
        for j in jobs:
            for line in j.report:
                print(line)
                if line.startswith(("DIFF ", "SETUP ")):
                    differ += 1
                    mode = re.sub(r" \(differs: .*", "", line.split(": ", 1)[1]) if line.startswith("DIFF ") else "setup"
                    per_mode[mode] = per_mode.get(mode, 0) + 1
        if per_mode:
            print("differences per mode:")
            for mode, n in sorted(per_mode.items(), key=lambda x: (-x[1], x[0])):
                print("  %5d  %s" % (n, mode))
        print("%d runs compared, %d differ (%d inputs, %.0f s)" % (runs, differ, len(ins), time.time() - start))
        return 0 if differ == 0 else 1
    finally:
        if a.keep:
            print("work directory kept: " + tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
