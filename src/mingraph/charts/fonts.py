"""Finding a font with Traditional Chinese glyphs for the zh-Hant pictures.

An SVG keeps its text as text and names the font; a PNG is drawn here, so the
font must be on this system. fontconfig (``fc-list``) knows the installed fonts on
Linux and BSD; elsewhere the usual system fonts of macOS and Windows are looked for.
"""

from __future__ import annotations

import shutil
import warnings
from functools import cache
from pathlib import Path

#: Families preferred, in order, among those with Traditional Chinese glyphs.
PREFERRED_FAMILIES = (
    "Noto Sans CJK TC",
    "Noto Sans TC",
    "Source Han Sans TC",
    "Source Han Sans TW",
    "Noto Serif CJK TC",
    "PingFang TC",
    "Microsoft JhengHei",
    "AR PL UMing TW",
    "WenQuanYi Zen Hei",
)

#: Fonts of systems without fontconfig: (file, family).
KNOWN_FILES = (
    ("/System/Library/Fonts/PingFang.ttc", "PingFang TC"),
    ("/Library/Fonts/Arial Unicode.ttf", "Arial Unicode MS"),
    ("C:/Windows/Fonts/msjh.ttc", "Microsoft JhengHei"),
)

INSTALL_HINT = (
    "install one (Debian/Ubuntu: apt-get install fonts-noto-cjk; Fedora: dnf install "
    "google-noto-sans-cjk-fonts; macOS and Windows have one already)"
)


class MissingCjkFont(UserWarning):
    """No font with Traditional Chinese glyphs was found: Chinese text may show as boxes."""


@cache
def find_cjk_font() -> str | None:
    """The family name of an installed font with Traditional Chinese glyphs, or None."""
    families = _fontconfig_families()
    for family in PREFERRED_FAMILIES:
        if family in families:
            return family
    if families:
        return sorted(families)[0]
    for path, family in KNOWN_FILES:
        if Path(path).is_file():
            return family
    return None


def _fontconfig_families() -> set[str]:
    """Families fontconfig lists as covering Traditional Chinese (empty without fc-list)."""
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return set()
    try:
        listing = subprocess.run(
            [fc_list, ":lang=zh-tw", "family"], capture_output=True, text=True, timeout=20
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {name.strip() for line in listing.splitlines() for name in line.split(",") if name}


def font_for(lang: str) -> str:
    """The CSS font list a picture in ``lang`` is drawn with.

    For zh-Hant, the CJK font found first; when there is none, a warning says how to
    install one, and the picture falls back to the generic sans-serif font (an SVG
    still holds the Chinese text; a PNG drawn here may show boxes).
    """
    if lang != "zh-Hant":
        return "sans-serif"
    family = find_cjk_font()
    if family is None:
        warnings.warn(
            MissingCjkFont(
                "no font with Traditional Chinese glyphs found: Chinese text in a PNG will "
                f"show as boxes (an SVG keeps it as text); {INSTALL_HINT}"
            ),
            stacklevel=2,
        )
        return "sans-serif"
    return f"{family}, sans-serif"
