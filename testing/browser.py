import shutil

CHROMIUM_INSTALL_HINT = "install it with `sudo apt-get install chromium` (Debian/Ubuntu)"


def chromium_path() -> str | None:
    """Debian's chromium, which the e2e tests drive (no browser is downloaded for them)."""
    return shutil.which("chromium")
