"""Portability (c): `python setup.py sdist` carries every runtime file, and the package installed from it works.

The sdist is built from a copy of the source tree, turned into a wheel (offline when this environment can build wheels) and
installed with --no-deps into a fresh venv (no pip of its own: the current pip installs into it with
--python). The dependencies come from the current environment through a .pth file naming its site-packages as
a plain path, so the editable install of this checkout is not activated: imports must resolve to the fresh
venv. ~10 s, offline.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tarfile
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_FILES = [
    "pipelines/sample/sample-feed.xml",
    "pipelines/sample/afps-2007-10-12.txt",
    "transforms/lexicons/countries.tsv",
    "transforms/lexicons/cues.tsv",
    "transforms/lexicons/issues.tsv",
    "transforms/lexicons/roles.tsv",
]


def _run(*cmd, cwd=None):
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


def _can_build_wheels_here() -> bool:
    import importlib.util

    import setuptools

    major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
    return importlib.util.find_spec("wheel") is not None or (major, minor) >= (70, 1)


@pytest.fixture(scope="module")
def sdist(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for folder in ("pipelines", "transforms", "schemas"):
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _run(sys.executable, "setup.py", "-q", "sdist", "-d", src / "dist", cwd=src)
    (archive,) = (src / "dist").glob("communique-*.tar.gz")
    return archive


def test_sdist_carries_every_runtime_file(sdist: Path):
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    packaged = [str(p.relative_to(ROOT)) for folder in ("pipelines", "transforms", "schemas")
                for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts
                and p.suffix != ".pyc"]
    missing = sorted(set(packaged + RUNTIME_FILES + ["setup.py"]) - names)
    assert not missing, f"missing from the sdist: {missing}"


def test_installed_sdist_imports_and_reads_its_data(sdist: Path, tmp_path: Path):
    wheels = tmp_path / "wheels"
    # offline when this environment can build wheels (the wheel package, or setuptools >= 70.1); otherwise pip
    # fetches setuptools and wheel into an isolated build environment from its index
    isolation = ["--no-build-isolation"] if _can_build_wheels_here() else []
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w", wheels, sdist)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    (wheel,) = wheels.glob("communique-*.whl")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel)
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    # dependencies from the current environment, as a plain path (its .pth files, the editable finder of this
    # checkout included, are not processed)
    Path(site, "_deps_from_test_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    check = textwrap.dedent(f"""
        import os, communique
        from communique.pipelines import batch, cli
        from communique.transforms import lexicons
        from importlib import resources
        assert communique.__path__[0].startswith({str(env_dir)!r}), communique.__path__
        assert batch.__file__.startswith({str(env_dir)!r}), batch.__file__
        assert len(lexicons.cues()) > 10 and len(lexicons.roles()) > 10
        assert len(lexicons.countries()) > 100 and len(lexicons.issues()) > 5
        feed = cli.sample_feed()
        assert feed.startswith({str(env_dir)!r}) and os.path.isfile(feed), feed
        text = resources.files("communique.pipelines").joinpath("sample", "afps-2007-10-12.txt").read_text()
        assert "Lavrov" in text
        from communique.transforms.feeds import parse_feed
        entries, errors = parse_feed(open(feed, "rb").read(), feed)
        assert len(entries) == 1 and not errors, (entries, errors)
        print("ok")
    """)
    proc = _run(python, "-c", check, cwd=tmp_path)
    assert proc.stdout.strip().endswith("ok")
    # the console script is installed and runs
    proc = _run(env_dir / "bin" / "communique", "run", "--help", cwd=tmp_path)
    assert "--feed" in proc.stdout
