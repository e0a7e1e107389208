"""The installed program carries the rare-character font compressed and expands it once."""

from __future__ import annotations

import lzma

from app.common import paths


def test_the_compressed_rare_font_is_expanded_once_into_the_data_folder(tmp_path, monkeypatch) -> None:
    resources = tmp_path / "resources"
    (resources / "fonts").mkdir(parents=True)
    original = b"\x00\x01\x00\x00" + bytes(range(256)) * 100  # stands in for the 51 MB font
    (resources / "fonts" / "BabelStoneHan.ttf.xz").write_bytes(lzma.compress(original))
    monkeypatch.setattr(paths, "resource_dir", lambda: resources)
    monkeypatch.setenv("BRANCHBOOK_HOME", str(tmp_path / "home"))
    assert paths.ready_rare_font_path() is None  # to be expanded first
    first = paths.rare_font_path()
    assert paths.ready_rare_font_path() == first
    assert first == tmp_path / "home" / "fonts" / "BabelStoneHan.ttf" and first.read_bytes() == original
    (resources / "fonts" / "BabelStoneHan.ttf.xz").unlink()  # no second expansion is needed
    assert paths.rare_font_path() == first


def test_the_development_tree_uses_the_plain_font() -> None:
    assert paths.rare_font_path() == paths.resource_dir() / "fonts" / "BabelStoneHan.ttf"
