"""`pip install .` into a fresh venv works from any directory on a copy of data/ (slow: builds a wheel)."""

import shutil
import subprocess
import sys

import pytest

from conftest import DATA, ROOT


@pytest.mark.slow
def test_installed_cli_runs_from_another_directory(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(ROOT)],
                         capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-2000:]
    project = tmp_path / "elsewhere"
    shutil.copytree(DATA, project / "data", ignore=shutil.ignore_patterns("ttl"))
    cli = str(venv / "bin" / "esely-graph")

    def run(*args, cwd):
        return subprocess.run([cli, *args], cwd=cwd, capture_output=True, text=True)

    built = run("build", cwd=project)
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (project / "data" / "ttl").glob("*.ttl")) == \
        sorted(p.name for p in (DATA / "ttl").glob("*.ttl"))
    assert not (ROOT / "elsewhere").exists()
    listed = run("queries", cwd=tmp_path)  # shipped queries, from a directory with no project at all
    assert listed.returncode == 0 and "measures" in listed.stdout
    report = run("--project", str(project), "report", "--as-of", "2024-01-01", cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert (project / "out" / "report" / "report.html").is_file()
    assert not (tmp_path / "out").exists()  # writes under the project, not the current directory
    nowhere = run("stats", cwd=tmp_path)
    assert nowhere.returncode == 1 and "esely-graph build" in nowhere.stderr and "Traceback" not in nowhere.stderr
