"""Heavy libraries a request rarely needs are imported on first use, not by every process."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_url_configuration_loads_neither_stripe_nor_fpdf():
    """Stripe's SDK (~30 MB) and fpdf2 with its font tools (~30 MB) load with the first card
    payment or PDF: a web worker serving pages and files carries neither."""
    code = (
        "import django, json, sys; django.setup(); import forum.urls; "
        "print(json.dumps(sorted(m for m in ('stripe', 'fpdf', 'fontTools', 'segno') "
        "if m in sys.modules)))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "forum.settings", "DJANGO_DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
