"""The app as officers get it: a wheel installed into a fresh venv (not editable) and the
one-folder PyInstaller bundle built from .ci/inspector.spec, each run as a user would.

Slow (a wheel build and install, and a PyInstaller build of about 75-150 s), so it runs where
CI is set (.ci/run, CI=true) or with INSPECTOR_DISTRIBUTION_TESTS=1; elsewhere it is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from inspector import LANGUAGES
from inspector.installation import LETTER_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
OLD_STORE = ROOT / "tests" / "data" / "store-b76eeb9"
OLD_PASSWORD = "Oude-versie-test-2025"
RESIDENTS_LIST = ROOT / "tests" / "data" / "residents-list.csv"
PASSWORD = "Correct-Horse-42-battery"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (os.environ.get("CI") or os.environ.get("INSPECTOR_DISTRIBUTION_TESTS")),
        reason="builds a wheel venv and the PyInstaller bundle (minutes); runs in CI (CI set) "
        "or with INSPECTOR_DISTRIBUTION_TESTS=1",
    ),
]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSPECTOR_")}
    env.pop("PYTHONPATH", None)
    env.update({"QT_QPA_PLATFORM": "offscreen", "INSPECTOR_PASSPHRASE": PASSWORD, **extra})
    return env


def _run(
    cmd: list[str | Path], cwd: Path, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def _init(exe: Path, data: Path, cwd: Path) -> None:
    """A new store with a key file (no OS keyring is needed), and the contact details an
    administrator fills in before letters can be made."""
    from inspector.settings import load_settings, save_settings

    from tests_support import letter_ready

    _ok(_run([exe, "--data-dir", data, "init", "--officer", "Toezichthouder Test",
              "--municipality", "Gemeente Voorbeeld", "--key-store", "keyfile"], cwd))  # fmt: skip
    settings = data / "settings.yaml"
    save_settings(settings, letter_ready(load_settings(settings)))


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


# -- the wheel ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the project installed from a wheel build (pip install ., no -e).

    The dependencies (PySide6 alone is hundreds of MB) are not copied: a .pth file makes
    the test venv's site-packages visible, and only the project itself is installed.
    """
    venv = tmp_path_factory.mktemp("wheel") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", code],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout.strip()
    )  # fmt: skip
    (purelib / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    build = venv.parent / "src"
    # A copy of the checkout without its venv and caches, as pip would see a fresh clone.
    shutil.copytree(
        ROOT,
        build,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "__pycache__", "build", "dist", "*.egg-info"
        ),
    )
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", str(build)],
        capture_output=True, text=True, timeout=600, env=_env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.rmtree(build)
    return venv


def test_the_wheel_install_uses_its_package_data(wheel_venv: Path, tmp_path: Path) -> None:
    code = "import inspector, inspector.paths as p; print(inspector.__file__); print(p.FORMS_DIR)"
    out = _ok(_run([wheel_venv / "bin" / "python", "-c", code], tmp_path))
    module, forms = out.splitlines()
    assert module.startswith(str(wheel_venv)), module
    assert Path(forms).parts[-3:] == ("inspector", "_data", "forms")
    assert not (Path(module).parent.parent / "forms").exists()


RENDER_ALL = """
import sys
from pathlib import Path
from inspector.__main__ import main
from inspector.letters import KINDS, available_languages

data, out = sys.argv[1], Path(sys.argv[2])
for kind in KINDS:
    langs = available_languages(kind)
    print("LANGS", kind, ",".join(langs))
    for lang in langs:
        for fmt in ("pdf", "docx"):
            target = out / f"{kind}-{lang}.{fmt}"
            code = main(["--data-dir", data, "letter", "render", "--kind", kind, "--lang", lang,
                         "--format", fmt, "--out", str(target)])
            assert code == 0, (kind, lang, fmt)
"""


def test_the_wheel_install_passes_the_smoke_test_and_renders_every_letter(
    wheel_venv: Path, tmp_path: Path
) -> None:
    inspector = wheel_venv / "bin" / "inspector"
    data = tmp_path / "data"
    _init(inspector, data, tmp_path)
    assert "letter preview" in _ok(_run([inspector, "--data-dir", data, "--smoke-test"], tmp_path))
    assert _ok(_run([inspector, "forms", "check"], tmp_path)).strip() == "4 forms OK"

    letters = tmp_path / "letters"
    letters.mkdir()
    out = _ok(_run([wheel_venv / "bin" / "python", "-c", RENDER_ALL, data, letters], tmp_path))
    languages = dict(
        line.split(" ")[1:] for line in out.splitlines() if line.startswith("LANGS ")
    )
    assert languages == {kind: ",".join(langs) for kind, langs in LETTER_LANGUAGES.items()}
    for kind, langs in LETTER_LANGUAGES.items():
        for lang in langs:
            assert (letters / f"{kind}-{lang}.pdf").read_bytes()[:5] == b"%PDF-"
            assert (letters / f"{kind}-{lang}.docx").read_bytes()[:2] == b"PK"


def test_the_wheel_smoke_test_fails_when_a_template_is_missing(
    wheel_venv: Path, tmp_path: Path
) -> None:
    inspector = wheel_venv / "bin" / "inspector"
    data = tmp_path / "data"
    _init(inspector, data, tmp_path)
    code = "import inspector; print(inspector.__file__)"
    package = Path(_ok(_run([wheel_venv / "bin" / "python", "-c", code], tmp_path)).strip()).parent
    template = package / "_data" / "letter_templates" / "control" / "uk.yaml"
    saved = template.read_bytes()
    template.unlink()
    try:
        result = _run([inspector, "--data-dir", data, "--smoke-test"], tmp_path)
    finally:
        template.write_bytes(saved)
    assert result.returncode == 1
    assert "control/uk.yaml" in result.stderr.replace("\\", "/")


# -- the PyInstaller bundle -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/inspector built from .ci/inspector.spec (one folder, two executables)."""
    out = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "work"),
         str(ROOT / ".ci" / "inspector.spec")],
        capture_output=True, text=True, timeout=1200, cwd=ROOT, env=_env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    print(f"bundle built in {time.monotonic() - started:.0f} s")
    shutil.rmtree(out / "work", ignore_errors=True)
    return out / "dist" / "inspector"


def test_the_bundle_has_two_executables_and_no_qml(bundle: Path) -> None:
    exe = ".exe" if sys.platform == "win32" else ""
    assert (bundle / f"inspector{exe}").is_file()
    assert (bundle / f"inspector-app{exe}").is_file()
    names = [str(p.relative_to(bundle)).replace("\\", "/") for p in bundle.rglob("*")]
    for unwanted in ("Qt6Quick", "Qt6Qml", "VirtualKeyboard", "WebEngine", "/qml/"):
        assert not [n for n in names if unwanted.lower() in n.lower()], unwanted
    locales = [n for n in names if "babel/locale-data/" in n]
    assert locales and all(
        n.split("/")[-1].split("_")[0].split(".")[0] in {"root", *LANGUAGES} for n in locales
    )


def test_the_bundle_runs_as_an_officer_uses_it(bundle: Path, tmp_path: Path) -> None:
    cli = bundle / ("inspector.exe" if sys.platform == "win32" else "inspector")
    data = tmp_path / "data"
    _init(cli, data, tmp_path)
    assert "letter preview" in _ok(_run([cli, "--data-dir", data, "--smoke-test"], tmp_path))
    inspection = _ok(
        _run([cli, "--data-dir", data, "inspection", "new", "--address", "Voorbeeldstraat 1",
              "--postcode", "1234 AB", "--city", "Voorbeeld"], tmp_path)
    ).strip()  # fmt: skip
    out = _ok(_run([cli, "--data-dir", data, "residents", "import", inspection, RESIDENTS_LIST],
                   tmp_path))  # fmt: skip
    assert out.splitlines()[0] == "2 imported, 0 already present, 0 invalid rows"
    for lang in LANGUAGES:
        target = tmp_path / f"control-{lang}.pdf"
        _ok(_run([cli, "--data-dir", data, "letter", "render", "--kind", "control",
                  "--lang", lang, "--inspection", inspection, "--format", "pdf", "--out", target],
                 tmp_path))  # fmt: skip
        assert target.read_bytes()[:5] == b"%PDF-"
    docx = tmp_path / "report.docx"
    _ok(_run([cli, "--data-dir", data, "letter", "render", "--kind", "report", "--lang", "nl",
              "--inspection", inspection, "--format", "docx", "--out", docx],
             tmp_path))  # fmt: skip
    assert docx.read_bytes()[:2] == b"PK"
    assert "intact" in _ok(_run([cli, "--data-dir", data, "audit", "verify"], tmp_path)).lower()
    out = _ok(_run([cli, "--data-dir", data, "residents", "list", inspection], tmp_path))
    assert "Петро Тестовий" in out and "Anna Testowa" in out


def test_the_bundle_opens_a_store_of_the_previous_release(bundle: Path, tmp_path: Path) -> None:
    cli = bundle / ("inspector.exe" if sys.platform == "win32" else "inspector")
    data = tmp_path / "old"
    shutil.copytree(OLD_STORE, data, ignore=shutil.ignore_patterns("README.md"))
    env = {"INSPECTOR_PASSPHRASE": OLD_PASSWORD}
    out = _ok(_run([cli, "--data-dir", data, "inspection", "list"], tmp_path, **env))
    assert "Voorbeeldstraat 1" in out and "(2 residents)" in out
    assert "letter preview" in _ok(_run([cli, "--data-dir", data, "--smoke-test"], tmp_path, **env))


def test_the_bundle_smoke_test_fails_without_its_fonts(bundle: Path, tmp_path: Path) -> None:
    cli = bundle / ("inspector.exe" if sys.platform == "win32" else "inspector")
    data = tmp_path / "data"
    _init(cli, data, tmp_path)
    fonts = next(bundle.rglob("_data/resources/fonts"))
    moved = tmp_path / "fonts"
    shutil.move(str(fonts), moved)
    try:
        result = _run([cli, "--data-dir", data, "--smoke-test"], tmp_path)
    finally:
        shutil.move(str(moved), fonts)
    assert result.returncode == 1
    assert "DejaVuSans.ttf" in result.stderr
