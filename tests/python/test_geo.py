"""hatchnet.geo: GeoJSON and GeoDataFrame views, boundaries matching, choropleths; and the
dataset's real street-level names (checked against the NBS table when shared data is present)."""
import csv
import json
import math
import pathlib

import pytest

import hatchnet
from hatchnet import geo

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
STREET_KINDS = {"street", "area_office", "town", "township", "zone"}


def _regions_json(net):
    return json.loads(net.dumps())["regions"]


def _square(lon, lat, half=0.02):
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
            [lon - half, lat + half], [lon - half, lat - half]]
    return {"type": "Polygon", "coordinates": [ring]}


def _valid_position(pos):
    assert isinstance(pos, list) and len(pos) == 2
    lon, lat = pos
    assert isinstance(lon, float) and isinstance(lat, float)
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    # Beijing's bounding box, generously
    assert 115.0 <= lon <= 118.0 and 39.0 <= lat <= 41.5


def _check_collection(fc, ids):
    assert fc["type"] == "FeatureCollection"
    feats = fc["features"]
    assert [f["id"] for f in feats] == ids            # one feature each, in table order
    assert len({f["id"] for f in feats}) == len(feats)
    for f in feats:
        assert f["type"] == "Feature"
        assert isinstance(f["properties"], dict)
        g = f["geometry"]
        if g is None:
            continue
        assert g["type"] in ("Point", "Polygon", "MultiPolygon")
        if g["type"] == "Point":
            _valid_position(g["coordinates"])
        else:
            polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
            for poly in polys:
                for ring in poly:
                    assert ring[0] == ring[-1] and len(ring) >= 4
                    for p in ring:
                        _valid_position([float(p[0]), float(p[1])])
    json.dumps(fc)   # serialisable as is


# ------------------------------------------------------------------------ the dataset's names
def test_regions_carry_pinyin_from_the_dataset(beijing):
    names = geo.region_names(beijing)
    raw = {r["code"]: r for r in _regions_json(beijing)}
    assert len(names) == len(raw)
    for code, row in names.iterrows():
        assert row["pinyin"] == raw[code].get("pinyin", "")
    districts = geo.region_names(beijing, level="district")
    assert len(districts) == 16
    assert districts.loc["110105", "pinyin"] == "Chaoyang"
    assert districts.loc["110105", "name"] == "朝阳区"
    streets = geo.region_names(beijing, level="street")
    assert len(streets) == 349
    assert set(streets["kind"]) == STREET_KINDS
    assert (streets["pinyin"].str.len() > 0).all()
    assert streets.loc["110101001", "name"] == "东华门街道"


@pytest.mark.skipif(not (SHARED / "nbs-divisions" / "streets.csv").exists(),
                    reason="shared data (../shared/data) not present")
def test_street_codes_and_names_are_the_nbs_tables(beijing):
    with open(SHARED / "nbs-divisions" / "streets.csv", encoding="utf-8-sig", newline="") as f:
        nbs = {r["code"]: r["name"] for r in csv.DictReader(f) if r["code"].startswith("11")}
    assert len(nbs) == 349
    streets = geo.region_names(beijing, level="street")
    assert dict(zip(streets.index, streets["name"])) == nbs
    # street counts per district are the published ones
    with open(SHARED / "beijing-districts.csv", encoding="utf-8", newline="") as f:
        published = {r["code"]: r for r in csv.DictReader(f)}
    per_district = streets.groupby(streets.index.str[:6]).size().to_dict()
    assert per_district == {c: int(r["units_total"]) for c, r in published.items()}
    districts = geo.region_names(beijing, level="district")
    assert districts["pinyin"].to_dict() == {c: r["pinyin"] for c, r in published.items()}


def test_old_files_without_pinyin_still_load(small_path):
    net = hatchnet.Network.load(small_path)
    names = geo.region_names(net)
    assert (names["pinyin"] == "").all()
    fc = geo.to_geojson(net, level="district")
    assert {f["properties"]["pinyin"] for f in fc["features"]} == {""}


# ---------------------------------------------------------------------------------- GeoJSON
def test_geojson_nodes(beijing, tmp_path):
    out = tmp_path / "nodes.geojson"
    fc = geo.to_geojson(beijing, level="node", path=out)
    nodes = beijing.nodes
    _check_collection(fc, list(nodes["id"]))
    assert json.loads(out.read_text(encoding="utf-8")) == fc
    by_id = {f["id"]: f for f in fc["features"]}
    for nid, lat, lon in zip(nodes["id"], nodes["lat"], nodes["lon"]):
        g = by_id[nid]["geometry"]
        if isinstance(lat, float) and math.isnan(lat):
            assert g is None
        else:
            assert g["coordinates"] == [lon, lat]      # GeoJSON order: longitude first
    f = by_id["district-110105"]["properties"]
    assert (f["tier"], f["district"], f["district_name"], f["district_pinyin"]) == \
        ("district", "110105", "朝阳区", "Chaoyang")


@pytest.mark.parametrize("level,count", [("district", 16), ("street", 349)])
def test_geojson_regions_as_centroids(beijing, level, count):
    fc = geo.to_geojson(beijing, level=level)
    expect = [c for c, r in geo.region_names(beijing, level=level).iterrows()]
    assert len(expect) == count
    _check_collection(fc, expect)
    for f in fc["features"]:
        assert f["geometry"]["type"] == "Point"          # every region has incubators
        assert f["properties"]["incubators"] >= 1
        assert f["properties"]["boundary"] is False
        assert f["properties"]["name"] and f["properties"]["pinyin"]


def test_geojson_centroid_is_the_mean_of_the_incubators(beijing):
    fc = geo.to_geojson(beijing, level="district")
    nodes = beijing.nodes
    inside = nodes[nodes["region"].str[:6] == "110101"]
    got = next(f for f in fc["features"] if f["id"] == "110101")["geometry"]["coordinates"]
    assert got == pytest.approx([inside["lon"].mean(), inside["lat"].mean()], abs=1e-6)


def test_boundaries_matched_by_code_and_by_name(beijing, tmp_path):
    cent = {f["id"]: f["geometry"]["coordinates"] for f in geo.to_geojson(beijing, level="district")["features"]}
    names = geo.region_names(beijing, level="district")
    feats = []
    for i, (code, (lon, lat)) in enumerate(sorted(cent.items())):
        if i % 3 == 0:
            props = {"adcode": int(code)}                        # by code, as a number
        elif i % 3 == 1:
            props = {"name": names.loc[code, "name"]}          # by Chinese name
        else:
            props = {"NAME_EN": names.loc[code, "pinyin"].upper()}   # by pinyin, any case
        if code == "110119":
            continue                                              # one region left without
        feats.append({"type": "Feature", "properties": props, "geometry": _square(lon, lat)})
    feats.append({"type": "Feature", "properties": {"name": "Atlantis"}, "geometry": _square(116, 40)})
    src = {"type": "FeatureCollection", "features": feats}
    path = tmp_path / "districts.geojson"
    path.write_text(json.dumps(src, ensure_ascii=False), encoding="utf-8")
    for boundaries in (src, path, str(path)):
        fc = geo.to_geojson(beijing, level="district", boundaries=boundaries)
        _check_collection(fc, sorted(cent))
        kinds = {f["id"]: f["geometry"]["type"] for f in fc["features"]}
        assert kinds.pop("110119") == "Point"
        assert set(kinds.values()) == {"Polygon"}
    # street boundaries by 12-digit code with trailing zeros
    street = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"gb": "110101001000"}, "geometry": _square(116.41, 39.92, 0.005)}]}
    fc = geo.to_geojson(beijing, level="street", boundaries=street)
    assert sum(f["properties"]["boundary"] for f in fc["features"]) == 1
    assert next(f for f in fc["features"] if f["id"] == "110101001")["geometry"]["type"] == "Polygon"


def test_bad_arguments(beijing, tmp_path):
    with pytest.raises(ValueError):
        geo.to_geojson(beijing, level="province")
    with pytest.raises(FileNotFoundError):
        geo.to_geojson(beijing, level="district", boundaries=tmp_path / "missing.geojson")
    with pytest.raises(TypeError):
        geo.to_geojson(beijing, level="district", boundaries=42)
    with pytest.raises(ValueError):
        geo.to_geojson(beijing, level="district", boundaries={"type": "Point", "coordinates": [0, 0]})
    with pytest.raises(ValueError):
        geo.to_geojson(beijing, level="street", boundaries="cnmaps")   # districts only


# ------------------------------------------------------------------------------ GeoDataFrame
@pytest.mark.parametrize("level", ["node", "street", "district"])
def test_geodataframe(beijing, level):
    gpd = pytest.importorskip("geopandas")
    gdf = geo.to_geodataframe(beijing, level=level)
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    if level == "node":
        assert len(gdf) == len(beijing.nodes)
        assert list(gdf.index) == list(beijing.nodes["id"])
    else:
        names = geo.region_names(beijing, level=level)
        assert len(gdf) == len(names) == (16 if level == "district" else 349)
        assert list(gdf.index) == list(names.index)
        assert (gdf["pinyin"] == names["pinyin"]).all()
    pts = gdf.geometry.dropna()
    assert (pts.x.between(115, 118) & pts.y.between(39, 41.5)).all()


def test_geodataframe_with_polygons(beijing):
    pytest.importorskip("geopandas")
    cent = geo.to_geojson(beijing, level="district")["features"]
    src = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f["id"], "properties": {}, "geometry": _square(*f["geometry"]["coordinates"])}
        for f in cent]}
    gdf = geo.to_geodataframe(beijing, level="district", boundaries=src)
    assert set(gdf.geom_type) == {"Polygon"}
    assert gdf.loc["110101"].geometry.contains(
        __import__("shapely.geometry", fromlist=["Point"]).Point(cent[0]["geometry"]["coordinates"]))


@pytest.mark.skipif(__import__("importlib").util.find_spec("cnmaps") is None, reason="cnmaps not installed")
def test_cnmaps_district_boundaries(beijing):
    fc = geo.to_geojson(beijing, level="district", boundaries="cnmaps")
    assert all(f["properties"]["boundary"] for f in fc["features"])   # all 16 matched by name


# -------------------------------------------------------------------------------- choropleth
@pytest.mark.parametrize("with_boundaries", [False, True])
def test_choropleth_headless(beijing, with_boundaries):
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt

    cov = beijing.coverage(level="district")
    values = cov.set_index("code")["capacity_per_org"]
    boundaries = None
    if with_boundaries:
        cent = geo.to_geojson(beijing, level="district")["features"]
        boundaries = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": f["id"], "properties": {},
             "geometry": _square(*f["geometry"]["coordinates"], half=0.05)} for f in cent]}
    ax = geo.plot_choropleth(beijing, values, level="district", boundaries=boundaries,
                             title="capacity per organization")
    assert ax.get_title() == "capacity per organization"
    labels = {t.get_text() for t in ax.texts}
    assert {"Chaoyang", "Haidian", "Yanqing"} <= labels     # the dataset's pinyin
    assert len(ax.collections) == 1 and len(ax.collections[0].get_paths()) == 16
    ax.figure.canvas.draw()
    plt.close(ax.figure)
    # streets, into an axes of the caller's
    fig, ax2 = plt.subplots()
    streets = geo.region_names(beijing, level="street")
    out = geo.plot_choropleth(beijing, streets["population"], level="street", ax=ax2)
    assert out is ax2 and len(ax2.collections[0].get_paths()) == 349
    fig.canvas.draw()
    plt.close(fig)
