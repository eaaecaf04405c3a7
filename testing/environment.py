import os
from typing import NoReturn

import pytest


def missing(message: str) -> NoReturn:
    """Something the tests need is missing: CI (`CI` set) fails, elsewhere the test skips,
    with `message` as its one line."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
