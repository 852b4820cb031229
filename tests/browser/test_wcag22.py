"""The WCAG 2.2 AA additions (issue 13) that axe does not check: target size (SC 2.5.8), focus not
obscured (SC 2.4.11), and the area matrix's radio groups as a screen reader announces them.

Target size follows the SC's wording:
- a target is a visible link, button, input, select, textarea, [role=button] or summary; a radio
  or checkbox's target includes a label that wraps or touches it (a click on the label toggles
  it; a gap between them does not), and the label of a visually hidden one (.btn-check) is the
  target itself. Disabled controls are not targets (nothing happens on a click).
- it passes when it is at least 24 x 24 CSS px, or under the spacing exception: a circle of 24 px
  diameter centred on its box intersects no other target, nor the circle of another small one.
- the inline exception: a link in a run of text is sized by the line-height of that text; it is
  one when words outside any control (and outside a status badge) share a line with it in its
  block, as in a sentence ("Scorecard (PDF) in: English · Deutsch · Français"); a link alone in
  its list item or heading is measured.
- beyond the SC, the project's rule: a radio button or checkbox is itself 24 x 24 px (the
  answers' and verdicts' radios are the targets used most, on phones too).

Focus not obscured: Tab, then Shift+Tab, through the long pages; at each focused element, what
the browser draws at its centre and near its corners (elementFromPoint) must include it.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AbstractBaseUser
from playwright.sync_api import Browser, BrowserContext, Page, expect

from assessments.enums import Role
from tests.browser.conftest import log_in, screenshot
from tests.browser.test_accessibility import (  # noqa: F401 (the survey fixture)
    Survey,
    add_job,
    add_peers,
    add_plan,
    add_reviews,
    pk,
    survey,
)
from tests.factories import MembershipFactory, OrganizationFactory, assessment_with_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SCREENSHOTS = {"section (area matrix)": "section", "review": "review", "plan": "plan"}

# Every target of the page with its box, and whether it is exempt as an inline link.
TARGETS_JS = r"""() => {
  const SELECTOR = 'a[href], button, input:not([type=hidden]), select, textarea, [role=button],'
    + ' summary';
  const CONTROLS = 'a, button, input, select, textarea, summary, label, [role=button]';
  const clipped = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.clip.startsWith('rect(') || (style.clipPath && style.clipPath !== 'none')) {
        return true;
      }
    }
    return false;
  };
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && !clipped(el)
      && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  };
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX,
            bottom: r.bottom + scrollY};
  };
  const union = (a, b) => ({left: Math.min(a.left, b.left), top: Math.min(a.top, b.top),
    right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom)});
  const touches = (a, b) => a.left <= b.right + 1 && b.left <= a.right + 1
    && a.top <= b.bottom + 1 && b.top <= a.bottom + 1;
  const blockOf = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      if (!getComputedStyle(e).display.startsWith('inline')) return e;
    }
    return document.body;
  };
  // A link in a run of text: words that belong to no control (nor to a status badge) share a line
  // with it, as in a sentence.
  const inline = (el) => {
    if (el.tagName !== 'A' || el.closest('svg')) return false;
    if (getComputedStyle(el).display !== 'inline') return false;
    const lines = [...el.getClientRects()];
    const walker = document.createTreeWalker(blockOf(el), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!/[\p{L}\p{N}]/u.test(node.textContent) || parent.closest(CONTROLS)
          || parent.closest('.badge') || !shown(parent)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (lines.some((l) => r.top < l.bottom && l.top < r.bottom)) return true;
      }
    }
    return false;
  };
  const describe = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || '')
      .trim().replace(/\s+/g, ' ').slice(0, 60);
    const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : '';
    return [el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (el.type && el.tagName === 'INPUT' ? '[' + el.type + ']' : ''),
            text || label].filter(Boolean).join(' ');
  };

  const targets = [];
  for (const el of document.querySelectorAll(SELECTOR)) {
    if (el.disabled || el.closest('[inert]')) continue;
    const check = el.tagName === 'INPUT' && (el.type === 'radio' || el.type === 'checkbox');
    if (!shown(el)) {
      // A visually hidden radio or checkbox (.btn-check): its visible label is the target.
      if (check) {
        for (const label of el.labels || []) {
          if (shown(label)) targets.push({el: label, box: box(label), inline: false,
                                          name: describe(label)});
        }
      }
      continue;
    }
    let area = box(el);
    const parts = [el];
    if (check) {
      for (const label of el.labels || []) {
        if (shown(label) && (label.contains(el) || touches(box(label), area))) {
          area = union(area, box(label));
          parts.push(label);
        }
      }
    }
    targets.push({el, parts, box: area, inline: inline(el), name: describe(el)});
  }

  const size = (t) => [t.box.right - t.box.left, t.box.bottom - t.box.top];
  const small = (t) => size(t)[0] < 24 - 0.01 || size(t)[1] < 24 - 0.01;
  const centre = (t) => [(t.box.left + t.box.right) / 2, (t.box.top + t.box.bottom) / 2];
  const related = (a, b) => (a.parts || [a.el]).some(
    (x) => (b.parts || [b.el]).some((y) => x === y || x.contains(y) || y.contains(x)));
  const failures = [];
  for (const t of targets) {
    if (!small(t) || t.inline) continue;
    const [cx, cy] = centre(t);
    const hits = [];
    for (const o of targets) {
      if (o === t || related(t, o)) continue;
      const dx = Math.max(o.box.left - cx, 0, cx - o.box.right);
      const dy = Math.max(o.box.top - cy, 0, cy - o.box.bottom);
      const [ox, oy] = centre(o);
      const circles = small(o) && Math.hypot(ox - cx, oy - cy) < 24 - 0.01;
      if (Math.hypot(dx, dy) < 12 - 0.01 || circles) {
        hits.push(o.name);
      }
    }
    if (hits.length) {
      const [w, h] = size(t);
      failures.push(t.name + ' (' + w.toFixed(1) + ' x ' + h.toFixed(1) + ' px) too close to: '
                    + hits.slice(0, 3).join('; '));
    }
  }
  // The project's rule beyond the SC's spacing exception: a radio button or checkbox is itself
  // 24 x 24 px (the answers' and the verdicts' radios are the targets used most, on phones too).
  const boxes = targets.filter((t) => t.el.tagName === 'INPUT'
    && (t.el.type === 'radio' || t.el.type === 'checkbox'));
  const smallChecks = boxes.map((t) => [t.name, t.el.getBoundingClientRect()])
    .filter(([, r]) => r.width < 24 - 0.01 || r.height < 24 - 0.01)
    .map(([name, r]) => name + ' (' + r.width.toFixed(1) + ' x ' + r.height.toFixed(1) + ' px)');
  return {count: targets.length, checks: boxes.length,
          inline: targets.filter((t) => t.inline).map((t) => t.name), smallChecks, failures};
}"""


@pytest.fixture
def open_as(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:  # type: ignore[no-untyped-def]
    """A page of the viewport's size, logged in as the user (or anonymous with None)."""
    contexts: list[BrowserContext] = []

    def make(user: AbstractBaseUser | None, viewport: str) -> Page:
        phone = viewport == "phone"
        context = browser.new_context(
            base_url=live_server.url,
            viewport=VIEWPORTS[viewport],  # type: ignore[arg-type]
            is_mobile=phone,
            has_touch=phone,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        if user is not None:
            log_in(context, user, live_server.url)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def main_pages(s: Survey) -> list[tuple[str, str | None, str]]:
    """(name, who, url) of the main page states: the survey, the review, the results, exports,
    the dashboards, logging in, the plan and the benchmarks."""
    org = s.organization.slug
    assert s.job is not None
    return [
        ("section (area matrix)", "contributor", f"/assessments/{s.draft.pk}/sections/stage-1/"),
        ("section (answered once)", "contributor", f"/assessments/{s.draft.pk}/sections/stage-2/"),
        ("review", "assessor", f"/assessments/{pk(s, 'in_review')}/review/"),
        ("results", "contributor", f"/assessments/{s.draft.pk}/results/"),
        ("exports", "staff", "/exports/"),
        ("export job", "staff", f"/exports/jobs/{s.job.pk}/"),
        ("home dashboard", "lead", "/"),
        ("programme dashboard", "staff", "/programme/"),
        ("login", None, "/accounts/login/"),
        ("plan", "lead", f"/organizations/{org}/plan/"),
        ("benchmarks", "lead", f"/organizations/{org}/benchmarks/"),
    ]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_targets_are_at_least_24_px_or_spaced(  # type: ignore[no-untyped-def]
    viewport: str,
    survey: Survey,  # noqa: F811
    open_as,
) -> None:
    add_job(survey)  # the reviews and a finished export
    add_peers(survey)
    add_plan(survey)
    pages: dict[str | None, Page] = {}
    measured: dict[str, tuple[int, int, int]] = {}  # targets, radios and checkboxes, inline links
    failures: list[str] = []
    for name, who, url in main_pages(survey):
        if who not in pages:
            pages[who] = open_as(getattr(survey, who) if who else None, viewport)
        page = pages[who]
        response = page.goto(url)
        assert response is not None and response.status == 200, (name, url)
        result: dict[str, Any] = page.evaluate(TARGETS_JS)
        measured[name] = (result["count"], result["checks"], len(result["inline"]))
        if name in SCREENSHOTS:
            screenshot(page, f"wcag22-{SCREENSHOTS[name]}-{viewport}")
        failures += [f"{name}: {failure}" for failure in result["failures"]]
        failures += [f"{name}: radio or checkbox under 24 px: {c}" for c in result["smallChecks"]]

    print(f"targets, radios and checkboxes, inline links ({viewport}): {measured}")
    assert failures == [], "\n".join(failures)
    # The measure saw the answers' radios (3 areas x 4 statuses x 2 criteria) and the verdicts'.
    assert measured["section (area matrix)"][1] == 24
    assert measured["review"][1] > 50
    assert min(count for count, _, _ in measured.values()) > 0


# Where the focused element is, and what is drawn at its centre and corners.
FOCUS_JS = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const layered = (node) => {
    for (let e = node; e; e = e.parentElement) {
      const position = getComputedStyle(e).position;
      if (position === 'sticky' || position === 'fixed') return e;
    }
    return null;
  };
  const inset = Math.min(2, r.width / 2, r.height / 2);
  const points = [[(r.left + r.right) / 2, (r.top + r.bottom) / 2],
                  [r.left + inset, r.top + inset], [r.right - inset, r.top + inset],
                  [r.left + inset, r.bottom - inset], [r.right - inset, r.bottom - inset]];
  let shown = 0, onScreen = 0;
  const covers = [];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    onScreen += 1;
    const hit = document.elementFromPoint(x, y);
    if (!hit) continue;
    if (hit === el || el.contains(hit)) { shown += 1; continue; }
    const layer = layered(hit);
    if (layer && !layer.contains(el)) covers.push(layer.tagName.toLowerCase()
      + (layer.id ? '#' + layer.id : '') + (layer.className ? '.' + layer.className : ''));
  }
  const name = (el.getAttribute('aria-label') || el.textContent || el.name || '').trim()
    .replace(/\s+/g, ' ').slice(0, 50);
  return {name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + name,
          width: r.width, height: r.height, shown, onScreen, covers};
}"""
MAX_FOCUS_STEPS = 400


def focus_walk(page: Page, key: str = "Tab") -> tuple[int, list[str]]:
    """Press the key (Tab or Shift+Tab) until the focus leaves the page; the number of elements
    focused, and those entirely hidden (under a sticky or fixed element, or off the screen).

    Tab scrolls the element in at the bottom of the window, Shift+Tab at the top: a sticky
    header would hide the elements reached backwards."""
    page.emulate_media(reduced_motion="reduce")  # focus scrolls at once (no smooth scrolling)
    seen: list[str] = []
    hidden = []
    for _ in range(MAX_FOCUS_STEPS):
        page.keyboard.press(key)
        focus: dict[str, Any] | None = page.evaluate(FOCUS_JS)
        if focus is None or (seen and focus["name"] == seen[0]):
            break
        seen.append(focus["name"])
        if focus["shown"] == 0:
            why = f"under {', '.join(sorted(set(focus['covers'])))}" if focus["covers"] else ""
            why = why or ("off the screen" if focus["onScreen"] == 0 else "covered")
            hidden.append(f"{focus['name']} ({why})")
    else:
        raise AssertionError(f"the focus did not leave the page in {MAX_FOCUS_STEPS} steps")
    return len(seen), hidden


def focus_walks(page: Page) -> tuple[int, list[str]]:
    """Forwards from the top of the page, then backwards from its end."""
    forwards, hidden = focus_walk(page)
    backwards, hidden_backwards = focus_walk(page, "Shift+Tab")
    assert backwards == forwards
    return forwards, hidden + hidden_backwards


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_focused_element_is_never_hidden_by_sticky_content(  # type: ignore[no-untyped-def]
    viewport: str,
    survey: Survey,  # noqa: F811
    open_as,
) -> None:
    add_reviews(survey)
    contributor = open_as(survey.contributor, viewport)
    contributor.goto(f"/assessments/{survey.draft.pk}/sections/stage-2/")
    section_focused, section_hidden = focus_walks(contributor)
    assessor = open_as(survey.assessor, viewport)
    assessor.goto(f"/assessments/{pk(survey, 'in_review')}/review/")
    review_focused, review_hidden = focus_walks(assessor)

    print(f"focused ({viewport}): section {section_focused}, review {review_focused}")
    assert section_hidden == []
    assert review_hidden == []
    # Every answer's inputs of the section, and the review's verdicts, were reached.
    assert section_focused > 30
    assert review_focused > 150


def test_focus_walk_finds_what_a_sticky_header_hides(survey: Survey, open_as) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The check above can fail: with the page's header made sticky (no scroll-padding), the
    elements reached backwards end up under it."""
    page = open_as(survey.contributor, "desktop")
    page.goto(f"/assessments/{survey.draft.pk}/sections/stage-2/")
    page.evaluate(
        """() => Object.assign(document.querySelector('header').style,
                              {position: 'sticky', top: '0', zIndex: '1030'})"""
    )
    _, hidden = focus_walks(page)
    assert any("(under header)" in item for item in hidden), hidden

    # scroll-padding-top as tall as the header is the remedy.
    page.goto(f"/assessments/{survey.draft.pk}/sections/stage-2/")
    page.evaluate(
        """() => {
          Object.assign(document.querySelector('header').style,
                        {position: 'sticky', top: '0', zIndex: '1030'});
          document.documentElement.style.scrollPaddingTop =
            document.querySelector('header').offsetHeight + 'px';
        }"""
    )
    assert focus_walks(page)[1] == []


def test_area_matrix_groups_name_the_criterion_and_the_area(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory()
    user = MembershipFactory(organization=organization, role=Role.CONTRIBUTOR).user
    assessment = assessment_with_areas(["radiology", "cardiology"], organization=organization)
    page = page_as(user)
    page.goto(f"/assessments/{assessment.pk}/sections/stage-1/")
    statuses = ["Met", "Partially met", "Not met", "Not applicable"]

    card = page.get_by_role("region", name="1.1 Specialized imaging information systems installed")
    # (A details element is a group too: the evidence and the guidance.)
    expect(card.get_by_role("group", name="Answer to 1.1 for ")).to_have_count(2)
    for area in ("Radiology", "Cardiology"):
        group = card.get_by_role("group", name=f"Answer to 1.1 for {area}", exact=True)
        expect(group.get_by_role("radio")).to_have_count(4)
        for status in statuses:
            expect(group.get_by_role("radio", name=status, exact=True)).to_have_count(1)
        # The legend shows the area alone, under the criterion's heading.
        expect(group.locator("legend [aria-hidden=true]")).to_have_text(area)
        expect(group.locator("legend [aria-hidden=true]")).to_be_visible()
    expect(page.get_by_role("group", name="Answer to 1.2 for Radiology", exact=True)).to_have_count(
        1
    )

    # What Chromium computes for a screen reader: the radio, its group and its region.
    assert accessible_ancestry(page, "#id_s-1_1-cardiology-status_1") == [
        ("radio", "Partially met"),
        ("group", "Answer to 1.1 for Cardiology"),
        ("region", "1.1 Specialized imaging information systems installed"),
    ]

    # A criterion answered once: its legend already names it.
    page.goto(f"/assessments/{assessment.pk}/sections/stage-2/")
    once = page.get_by_role("group", name="Answer to 2.2", exact=True)
    expect(once.get_by_role("radio")).to_have_count(3)
    expect(once.get_by_role("radio", name="Met", exact=True)).to_have_count(1)


def accessible_ancestry(page: Page, selector: str) -> list[tuple[str, str]]:
    """The element's role and accessible name in Chromium's accessibility tree, then those of its
    named group and region ancestors."""
    cdp = page.context.new_cdp_session(page)
    document = cdp.send("DOM.getDocument", {"depth": 0})
    node = cdp.send(
        "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector}
    )
    tree = cdp.send(
        "Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": True}
    )
    nodes = {n["nodeId"]: n for n in tree["nodes"]}
    current = next(n for n in tree["nodes"] if n.get("backendDOMNodeId") and not n["ignored"])
    found: list[tuple[str, str]] = []
    while current is not None:
        role = current.get("role", {}).get("value", "")
        name = current.get("name", {}).get("value", "")
        if not found or (role in {"group", "region"} and name):
            found.append((role, name))
        current = nodes.get(current.get("parentId", ""))
    cdp.detach()
    return found
