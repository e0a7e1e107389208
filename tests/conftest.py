"""Shared fixtures. Qt runs offscreen; user folders point into a temporary directory."""

from __future__ import annotations

import os
import tempfile

_HOME = tempfile.mkdtemp(prefix="branchbook-test-home-")
# Offscreen, with an office-PC-sized screen (the plugin's default is 800x600, smaller than
# the main window's minimum width).
_SCREEN = os.path.join(_HOME, "screen.json")
with open(_SCREEN, "w", encoding="utf-8") as fh:
    fh.write('{"screens": [{"name": "test", "x": 0, "y": 0, "width": 1600, "height": 900,'
             ' "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}')
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ["BRANCHBOOK_HOME"] = _HOME
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.common import idcard  # noqa: E402
from app.common.clock import Clock  # noqa: E402
from app.common.context import Context  # noqa: E402
from app.services import Services  # noqa: E402
from app.session import Session  # noqa: E402
from db.records.branch import Branch  # noqa: E402

#: "Today" for every test: services read it from the session's clock, so no test depends on
#: the day it runs (a Monday in June: a previous month in the same year, a full quarter behind).
TODAY = "2026-06-15"
CLOCK = Clock(TODAY)


def services_of(conn, clock: Clock | None = None) -> Services:
    """The services over a test's bare connection, built from an explicit context with the tests'
    clock (the program builds them once per session; a test that holds only a connection uses this)."""
    return Services(Context(conn, clock or CLOCK))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "branch.sqlite"


@pytest.fixture
def session(db_path: Path) -> Iterator[Session]:
    s = Session.open(db_path, CLOCK)
    yield s
    s.close()


@pytest.fixture
def conn(session: Session):
    return session.conn


@pytest.fixture
def services(session: Session):
    return session.services


@pytest.fixture
def branch_conn(conn):
    """A database with the branch registered (no members)."""

    services_of(conn).branch.save(Branch(name="中共测试市委机关工委测试局机关党支部",
                                    supervising_committee="中共测试局机关委员会"))
    return conn


@pytest.fixture
def demo_session(tmp_path: Path) -> Iterator[Session]:
    """The demo branch (roster, groups, committee) without work-record entries."""
    from app.demo import fill_demo

    s = Session.open(tmp_path / "demo.sqlite", CLOCK)
    fill_demo(s.services, records=False)
    yield s
    s.close()


@pytest.fixture(scope="session")
def _demo_year_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full demo built once per run (it takes seconds); each test gets its own copy."""
    from app.demo import fill_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo-year.sqlite"
    with Session.open(path, CLOCK) as s:
        fill_demo(s.services)
    return path


@pytest.fixture
def demo_year_session(tmp_path: Path, _demo_year_file: Path) -> Iterator[Session]:
    """The full demo, with last year's and this year's work record (a fresh copy per test)."""
    import shutil

    target = tmp_path / "demo-year.sqlite"
    shutil.copyfile(_demo_year_file, target)  # closed and checkpointed: the file is whole
    s = Session.open(target, CLOCK)
    yield s
    s.close()


_seq = iter(range(100, 10_000))


def make_member(**overrides):
    """Fields of a valid member; a fresh valid ID number each call unless given."""
    gender = overrides.get("gender", "男")
    birth = overrides.pop("birth", "19800512")
    data = {
        "name": "张三",
        "gender": gender,
        "ethnicity": "汉族",
        "birth_date": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}",
        "id_number": idcard.make("110101", birth, next(_seq), gender),
        "native_place": "北京",
        "education": "大学本科",
        "work_unit_post": "测试局办公室科员",
        "personnel_category": "在职",
        "join_date": "2005-07-01",
        "full_date": "2006-07-01",
        "member_class": "正式",
        "is_leader_cadre": False,
        "phone": "13800138000",
        "notes": "",
    }
    if "join_date" in overrides and "full_date" not in overrides:
        from app.common import dates

        klass = overrides.get("member_class", "正式")
        overrides["full_date"] = dates.add_years(overrides["join_date"], 1) if klass == "正式" else None
    data.update(overrides)
    return data


@pytest.fixture
def no_known_passphrases():
    """As a program started afresh: it knows no database passphrase yet (and forgets them after)."""
    from db.connection import forget_passphrases

    forget_passphrases()
    yield
    forget_passphrases()
