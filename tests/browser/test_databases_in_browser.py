"""The second-domain fixture (three databases) in a real browser, from file:// with no network:
its matrix and a pair page show the databases, their criteria and their own words."""

from __future__ import annotations

from pathlib import Path


def test_matrix_lists_every_database_and_criterion(databases_site: Path, open_page, shots: Path) -> None:
    page, _ = open_page((databases_site / "matrix.html").as_uri())
    table = page.locator("article .versus-grid-wrap table")
    text = table.inner_text()
    for name in ("PostgreSQL", "SQLite", "DuckDB", "Setup effort", "Concurrent writes"):
        assert name in text
    assert table.locator("a[href$='subjects/duckdb.html']").count() >= 1
    page.screenshot(path=str(shots / "databases-matrix.png"), full_page=True)


def test_pair_page_shows_both_databases_and_their_sql(databases_site: Path, open_page, shots: Path) -> None:
    page, _ = open_page((databases_site / "compare" / "duckdb-vs-sqlite.html").as_uri())
    assert page.locator("article h1").inner_text().strip().rstrip("¶") == "DuckDB vs SQLite"
    article = page.locator("article").inner_text()
    assert "Concurrent writes" in article and "Setup effort" in article
    tabs = page.locator("article .tabbed-labels label")
    assert [tabs.nth(i).inner_text() for i in range(tabs.count())][:2] == ["DuckDB", "SQLite"]
    tabs.nth(1).click()
    assert "FROM people" in page.locator("article .tabbed-block:visible").first.inner_text()
    assert page.locator("nav.md-nav--primary").first.text_content().count("Databases") >= 1
    page.screenshot(path=str(shots / "databases-pair.png"), full_page=True)
