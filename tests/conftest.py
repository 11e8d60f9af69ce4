"""Test set-up shared by every test: headless Qt, no real keychain, fast KDFs."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
