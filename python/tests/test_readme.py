"""The Python example in README.md runs as written (from a folder holding
the sample corpus) and prints what the README says it prints."""
import contextlib
import io
import os
import re

from conftest import SOURCE_DIR


def test_readme_python_example_runs(tmp_path, monkeypatch):
    readme = (SOURCE_DIR / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert len(blocks) == 1, "README.md should hold one Python example"
    example = blocks[0]
    assert len(example.strip().splitlines()) <= 12
    os.symlink(SOURCE_DIR / "corpus", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert len(lines) == 3, out.getvalue()
    assert all("[loneliness]" in line.lower() or "[lonel" in line.lower() for line in lines), lines
