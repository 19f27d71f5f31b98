"""The package itself: `import conflictdata` stays light (heavy parts load on first use), exports resolve."""
from __future__ import annotations

import subprocess
import sys

import conflictdata

HEAVY = ("pyarrow", "numpy", "scipy", "pycountry", "babel", "geopy", "matplotlib", "rapidfuzz", "text2num", "attrs")


def test_import_loads_no_heavy_dependency():
    code = (
        "import sys, conflictdata\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == ""


def test_every_exported_name_resolves():
    for name in conflictdata.__all__:
        assert getattr(conflictdata, name) is not None, name
