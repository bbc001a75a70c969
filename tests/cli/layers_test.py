"""The module order holds (issue #10): scripts/check_layers passes on the tree, and it names
the file, the line and the edge when an include runs back up the order."""
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHECK = ROOT / "scripts" / "check_layers"


def run(root):
    return subprocess.run([sys.executable, str(CHECK), str(root)], capture_output=True, text=True)


def main():
    tree = run(ROOT)
    assert tree.returncode == 0, f"back edges in the tree:\n{tree.stderr}"
    with tempfile.TemporaryDirectory() as tmp:
        copy = pathlib.Path(tmp)
        for part in ("src", "include"):
            shutil.copytree(ROOT / part, copy / part)
        # io reading a report header: the kind of edge the architecture issue removed.
        victim = copy / "src" / "io" / "model_reader.cpp"
        lines = victim.read_text(encoding="utf-8").splitlines()
        lines.insert(1, '#include "journeysim/report/report_page.hpp"')
        victim.write_text("\n".join(lines) + "\n", encoding="utf-8")
        broken = run(copy)
        assert broken.returncode == 1, broken
        expected = ("check_layers: src/io/model_reader.cpp:2: module 'io' includes 'journeysim/report/...', "
                    "but report is above io in the order")
        assert expected in broken.stderr, broken.stderr
        # a new module folder that is not in the order is refused too
        (copy / "src" / "newthing").mkdir()
        (copy / "src" / "newthing" / "x.cpp").write_text("int x;\n", encoding="utf-8")
        assert "module 'newthing' is not in the module order" in run(copy).stderr
    print("layers: 2 passed, 0 failed")


if __name__ == "__main__":
    main()
