"""Disclosure pages and public supervision from Python: pages from the shipped and from
edited templates, Chinese by default, escaped, deterministic; supervision indicators against
pandas over the same records; a real headless Chromium renders a page (screenshot test)."""
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hatchnet

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "data" / "templates"


@pytest.fixture(scope="module")
def net():
    text = json.loads((ROOT / "tests" / "data" / "small.json").read_text())
    text["staffing"] = {"pay_floor": 4000}
    text["nodes"][0]["staff"] = {"total": 10, "trained": 4, "funded_posts": 3, "pay": 3500}
    text["nodes"][1]["staff"] = {"total": 5, "trained": 5, "funded_posts": 0, "pay": 6000}
    text["nodes"][1]["name"] = "街道 <孵化> & 服务"
    text["nodes"][0]["occupied"] = 20
    return hatchnet.Network.loads(json.dumps(text))


@pytest.fixture(scope="module")
def feedback(net):
    ids = list(net.nodes.index)
    rng = np.random.default_rng(3)
    rows = []
    for i in range(60):
        rows.append({"id": f"f{i}", "incubator": ids[int(rng.integers(0, 3))],
                     "date": f"2025-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}",
                     "kind": "complaint" if rng.random() < 0.6 else "feedback",
                     "category": "fees", "resolved": bool(rng.random() < 0.5), "text": "…"})
    return pd.DataFrame(rows)


def test_supervision_indicators_equal_pandas(net, feedback):
    got = hatchnet.publish.supervision_indicators(net, feedback, from_="2025-03-01", to="2025-10-31")
    f = feedback[(feedback["date"] >= "2025-03-01") & (feedback["date"] <= "2025-10-31")]
    c = f[f["kind"] == "complaint"]
    complaints = c.groupby("incubator").size().reindex(net.nodes.index, fill_value=0)
    resolved = c[c["resolved"]].groupby("incubator").size().reindex(net.nodes.index, fill_value=0)
    fb = f[f["kind"] == "feedback"].groupby("incubator").size().reindex(net.nodes.index, fill_value=0)
    occupied = net.nodes["occupied"].astype(float)
    assert list(got.index) == list(net.nodes.index)
    np.testing.assert_array_equal(got["complaint_count"], complaints.to_numpy(float))
    np.testing.assert_array_equal(got["feedback_count"], fb.to_numpy(float))
    per100 = np.where(occupied > 0, 100 * complaints / occupied.where(occupied > 0, 1), np.nan)
    np.testing.assert_allclose(got["complaints_per_100_orgs"], per100)
    rate = np.where(complaints > 0, resolved / complaints.where(complaints > 0, 1), np.nan)
    np.testing.assert_allclose(got["complaint_resolution_rate"], rate)
    with pytest.raises(ValueError, match=r"feedback f0: field 'incubator'"):
        hatchnet.publish.supervision_indicators(net, feedback.assign(incubator="ghost"))


def test_staff_indicators_by_hand(net):
    s = hatchnet.publish.staff_indicators(net)
    first, second = net.nodes.index[0], net.nodes.index[1]
    assert list(s.index) == [first, second]
    assert s.loc[first, "staff_trained_share"] == pytest.approx(0.4)
    assert s.loc[first, "staff_pay_ratio"] == pytest.approx(3500 / 4000)
    assert s.loc[first, "staff_below_pay_floor"] == 1.0
    assert s.loc[second, "staff_below_pay_floor"] == 0.0


def test_pages_chinese_by_default_english_available(net, feedback, tmp_path):
    pages = hatchnet.publish.publish_pages(net, feedback=feedback)
    assert set(pages) == {"index.html", "style.css"} | {f"incubators/{i}.html" for i in net.nodes.index}
    index = pages["index.html"]
    assert "社会组织培育孵化机构名录" in index and 'lang="zh-CN"' in index
    second = pages[f"incubators/{net.nodes.index[1]}.html"]
    assert "街道 &lt;孵化&gt; &amp; 服务" in second and "<孵化>" not in second
    first = pages[f"incubators/{net.nodes.index[0]}.html"]
    assert "低于本地区标准 4000 元" in first and "社会监督" in first
    assert pages == hatchnet.publish.publish_pages(net, feedback=feedback)   # deterministic
    en = hatchnet.publish.publish_pages(net, lang="en")
    assert 'lang="en"' in en["index.html"] and "Directory of social-organization incubators" in en["index.html"]
    net.publish(tmp_path / "out", lang="en")
    assert (tmp_path / "out" / "incubators" / f"{net.nodes.index[0]}.html").read_text() == \
        en[f"incubators/{net.nodes.index[0]}.html"]


def test_edited_templates_without_recompiling(net, tmp_path):
    t = tmp_path / "templates"
    shutil.copytree(TEMPLATES, t)
    page = t / "zh" / "incubator.html"
    page.write_text(page.read_text().replace("基本信息", "机构概况(区民政局编辑)"))
    labels = json.loads((t / "zh" / "labels.json").read_text())
    labels["tier"]["district"] = "区级枢纽"
    (t / "zh" / "labels.json").write_text(json.dumps(labels, ensure_ascii=False))
    pages = hatchnet.publish.publish_pages(net, templates=t)
    district = net.nodes.index[net.nodes["tier"] == "district"][0]
    assert "机构概况(区民政局编辑)" in pages[f"incubators/{district}.html"]
    assert "区级枢纽" in pages[f"incubators/{district}.html"]
    page.write_text("{{#services}} never closed")
    with pytest.raises(ValueError, match="incubator.html"):
        hatchnet.publish.publish_pages(net, templates=t)
    with pytest.raises(ValueError, match="lang"):
        hatchnet.publish.publish_pages(net, lang="fr")
    with pytest.raises(OSError):
        hatchnet.publish.publish_pages(net, templates=tmp_path / "none")


def _gray(path):
    from PIL import Image
    with Image.open(path) as im:
        return np.asarray(im.convert("L"), dtype=float)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_screenshot_in_headless_chromium(net, feedback, tmp_path):
    pytest.importorskip("PIL")
    net.publish(tmp_path / "site", feedback=feedback)
    (tmp_path / "blank.html").write_text("<!DOCTYPE html><html><body></body></html>")

    def shot(html, png):
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={png}", "--window-size=1000,700", html.as_uri()],
                       check=True, capture_output=True, timeout=60)
        return _gray(png)

    page = shot(tmp_path / "site" / "incubators" / f"{net.nodes.index[0]}.html", tmp_path / "page.png")
    blank = shot(tmp_path / "blank.html", tmp_path / "blank.png")
    assert page.shape == (700, 1000)
    assert blank.std() < 1.0                  # the reference: an empty page is one colour
    assert page.std() > 20.0                  # the page: header band, text and boxes
    assert len(np.unique(page)) > 20          # anti-aliased text, not flat fills
    # the red header band at the top (style.css), white-ish boxes below it
    assert page[:40].mean() < page[200:300].mean()
