"""Fixtures of the core tests."""

from __future__ import annotations

import pytest

from tests.app.test_meetings import build_branch


@pytest.fixture
def branch(branch_conn):
    """The branch of ``build_branch``: 9 members, a committee of 3, 2 groups."""
    return build_branch(branch_conn)
