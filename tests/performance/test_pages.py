"""The page benchmarks run on the test database (make bench runs them on its own)."""

from criteria.models import CatalogVersion
from performance.pages import admin_change_form_figures, autosave_figures, section_page_figures


def test_section_page_figures_measure_against_the_baseline(catalog: CatalogVersion) -> None:
    names = [figure.name for figure in section_page_figures(repeat=1)]

    assert names[-1] == "section page: ratio page / baseline"


def test_autosave_figures_save_every_time(catalog: CatalogVersion) -> None:
    figures = {figure.name: figure for figure in autosave_figures(repeat=2)}

    # A warm-up, the save counted for its queries, and the two measured.
    assert figures["autosave: versions saved in this run, all in the database"].value == 4


def test_admin_change_form_figures_compare_with_the_user_form(catalog: CatalogVersion) -> None:
    names = [figure.name for figure in admin_change_form_figures(repeat=1)]

    assert names[-1] == "admin change form: ratio assessment / User"
