"""axe-core in a Playwright page: the accessibility rules, run where the page is.

`tests/e2e/vendor/axe-core/axe.min.js` comes from the npm registry (MPL-2.0); the
site never serves it. Used by the browser test and by `bench/a11y.py`.
"""

from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """The page's serious and critical axe violations (rule, help, first targets)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return [v for v in page.evaluate(RUN) if v["impact"] in BLOCKING]


def violations_text(url: str, violations: list[dict]) -> str:
    return "\n".join(
        f"{url}: {v['impact']} {v['id']} ({v['help']}) at {v['targets']}"
        for v in violations
    )
