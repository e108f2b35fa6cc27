"""LibreOffice for the report tests: a .docx converted to text (or pdf) as a reader opens it.
Without `soffice` the tests skip and say how to install it; with REQUIRE_E2E=1 (CI) they
fail instead. Each conversion uses its own LibreOffice profile, so parallel runs (and a
LibreOffice the developer has open) never share one."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.chain.conftest import chain_world  # noqa: F401  (the chain tests' world)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    reason = "LibreOffice (soffice) is not installed"
    if os.environ.get("REQUIRE_E2E") == "1":
        pytest.fail(f"REQUIRE_E2E=1 but {reason}", pytrace=False)
    pytest.skip(f"{reason}: apt-get install libreoffice-writer-nogui")


def convert(document: bytes, target: str, folder: Path, name: str = "report") -> Path:
    """`document` (.docx bytes) converted by LibreOffice to `target` ('txt', 'pdf')."""
    source = folder / f"{name}.docx"
    source.write_bytes(document)
    profile = folder / f"lo-profile-{name}"
    filters = {"txt": "txt:Text (encoded):UTF8", "pdf": "pdf"}
    done = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", filters[target], "--outdir", str(folder), str(source)],
        capture_output=True, text=True, timeout=240)
    result = folder / f"{name}.{target}"
    assert done.returncode == 0 and result.exists(), done.stdout + done.stderr
    return result


@pytest.fixture
def docx_text(tmp_path):
    """docx_text(bytes, name) -> the document's text as LibreOffice reads it, one line per
    paragraph (and per table cell)."""
    def read(document: bytes, name: str = "report") -> str:
        return convert(document, "txt", tmp_path, name).read_text(encoding="utf-8-sig")
    return read
