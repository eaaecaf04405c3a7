"""Reading the admin's pages in tests: the cells of a list or an inline, a read-only field."""

import re


def cells(html: str, field: str) -> list[str]:
    """The text of each table cell of a field, in page order (list rows, or inline rows)."""
    found = re.findall(rf'<t[dh] class="field-{field}[^"]*">(.*?)</t[dh]>', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in found]


def readonly(html: str, field: str) -> str:
    """The text of a read-only field on a change page."""
    pattern = rf'field-{field}\b.*?<div class="readonly">(.*?)</div>'
    return re.sub(r"<[^>]+>", "", re.search(pattern, html, flags=re.S)[1]).strip()
