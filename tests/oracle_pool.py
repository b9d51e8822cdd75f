#!/usr/bin/python3 -I
"""oracle_pool.py ORACLE_DIR: the Hermes oracle (ORACLE_DIR/oracle.py) as a server, for tests/fidelity.py.

oracle.py starts a fresh interpreter per home, and most of its 0.5 s goes to importing the third-party packages
Hermes uses (httpx, requests, yaml, dotenv, ruamel.yaml), not to Hermes. This server imports those packages once,
then for each home path read from standard input forks a child that does exactly what oracle.py's child does
(its own child_main: clean environment of PATH, HOME and HERMES_HOME only, network and process spawning blocked,
.env loaded as Hermes's entry points do, resolve_runtime_provider()), with Hermes's own modules imported fresh in
every child. It prints one JSON line per home, oracle.py's answer. Nothing of Hermes is imported before the fork,
so no state crosses from one home to the next. tests/fidelity.py --check-pool K compares it with oracle.py.

Run with /usr/bin/python3 -I (the oracle's interpreter and flags).
"""
import importlib.util
import json
import os
import shutil
import signal
import sys
import time
import tempfile


TIMEOUT = 120
PRELOAD = ["asyncio", "concurrent.futures", "email.parser", "email.message", "http.client", "urllib.request",
           "urllib.parse", "ssl", "uuid", "decimal", "csv", "zipfile", "lzma", "bz2", "mimetypes", "logging.handlers",
           "configparser", "inspect", "dataclasses", "shlex", "ipaddress", "fractions", "tokenize", "ast", "dis",
           "pkgutil", "textwrap", "calendar", "datetime", "random", "socketserver", "selectors", "subprocess",
           "threading", "fnmatch", "hashlib", "base64", "string", "struct", "traceback", "typing", "unicodedata",
           "httpx", "httpcore", "h11", "idna", "sniffio", "rfc3986", "requests", "urllib3", "certifi", "charset_normalizer",
           "chardet", "yaml", "dotenv", "ruamel.yaml", "click", "pygments", "pygments.lexers", "pygments.styles",
           "rich", "rich.console", "rich.progress", "rich.table", "rich.text", "rich.pretty", "rich.syntax",
           "rich.live", "rich.panel", "rich.markup", "rich.theme", "rich.themes"]


def main():
    oracle_dir = os.path.abspath(sys.argv[1])
    src = os.path.join(oracle_dir, "hermes-306e2d2")
    spec = importlib.util.spec_from_file_location("hermes_oracle", os.path.join(oracle_dir, "oracle.py"))
    oracle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(oracle)
    # The packages Hermes's resolution imports (standard library and third-party, found with python3 -X importtime);
    # none of Hermes's own modules, and none that reads the environment or the home at import time.
    for mod in PRELOAD:
        try:
            importlib.import_module(mod)
        except Exception:  # noqa: BLE001 - a missing optional package: the child imports it (or not) as oracle.py's
            pass
    here = os.path.dirname(os.path.abspath(__file__))
    for line in sys.stdin:
        home = line.rstrip("\n")
        if not home:
            continue
        tmp = tempfile.mkdtemp(prefix="hermes-oracle-")
        try:
            user_home = os.path.join(tmp, "user-home")
            outdir = os.path.join(tmp, "out")
            os.makedirs(user_home)
            os.makedirs(outdir)
            hh = oracle.prepare_home(home, tmp)
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                try:
                    path = os.environ.get("PATH", "/usr/bin:/bin")
                    os.environ.clear()
                    os.environ.update({"PATH": path, "HOME": user_home, "HERMES_HOME": hh})
                    os.chdir(user_home)
                    # sys.path as in oracle.py's child: the oracle's directory first, not this one
                    sys.path[:] = [oracle_dir] + [p for p in sys.path if os.path.abspath(p or ".") != here]
                    sys.argv[:] = [os.path.join(oracle_dir, "oracle.py"), "--child", src, hh, outdir, oracle.DEFAULT_STUBS]
                    oracle.child_main(src, hh, outdir, oracle.DEFAULT_STUBS)
                finally:
                    os._exit(3)
            # oracle.py gives its child 120 s (a YAML alias bomb among the fixtures keeps Hermes busy for ever)
            deadline = time.time() + TIMEOUT
            while True:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                if time.time() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    status = "timeout"
                    break
                time.sleep(0.01)
            res_path = os.path.join(outdir, oracle.RESULT_NAME)
            if os.path.exists(res_path):
                with open(res_path, encoding="utf-8") as f:
                    res = json.load(f)
            else:
                res = dict(oracle.EMPTY_RESULT, error="oracle child failed (rc=%s)" % status)
        except Exception as exc:  # noqa: BLE001
            res = {"oracle_failed": "%s: %s" % (type(exc).__name__, exc)}
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        sys.stdout.write(json.dumps(res) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
