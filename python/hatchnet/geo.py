"""Geography: GeoJSON and GeoPandas views of a network, and choropleth maps.

Three views of a :class:`hatchnet.Network`, each at a ``level``:

* ``"node"``: one feature per incubator, a Point at its ``lon``/``lat`` (WGS84);
* ``"street"``: one feature per street-level unit (street, area office, town, township,
  zone; 349 in the Beijing dataset);
* ``"district"``: one feature per district (16 in Beijing).

A region is drawn as its boundary polygon when a boundaries source is given and has it,
otherwise as a Point at the mean position of the incubators located in it (its centroid in
the network); a region with neither has a null geometry. Names come from the dataset itself:
``name`` (Chinese) and ``pinyin`` (the region field ``pinyin``, see docs/data-format.md).

Boundaries sources (``boundaries=``):

* a GeoJSON FeatureCollection as a dict, a path to a ``.geojson`` / ``.json`` file, or
  anything with ``__geo_interface__`` (a GeoDataFrame); a feature is matched to a region by
  code (any property, or the feature ``id``, equal to the region's code, also in the 12-digit
  form with trailing zeros, e.g. ``110101001000``) or else by name (a property equal to the
  region's Chinese name or pinyin, when that name is unique at the level);
* ``"cnmaps"``: the district boundaries of the optional ``cnmaps`` package (PyPI; district
  level only, matched by Chinese name). See docs/geography.md for its data and licence.

GeoPandas is needed only by :func:`to_geodataframe` (``pip install hatchnet[geo]``);
:func:`to_geojson` returns plain dicts and :func:`plot_choropleth` draws with matplotlib.
"""
from __future__ import annotations

import json
import math
import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

if TYPE_CHECKING:  # pragma: no cover
    from .network import Network

__all__ = ["LEVELS", "region_names", "to_geojson", "to_geodataframe", "plot_choropleth"]

LEVELS = ("node", "street", "district")
#: the region kinds of the street level (docs/data-format.md)
STREET_KINDS = frozenset({"street", "area_office", "town", "township", "zone"})

BoundariesLike = Union[None, str, "os.PathLike[str]", Mapping[str, Any], Any]


# ---------------------------------------------------------------------------------- tables
def _columns(table: Any) -> Dict[str, List[Any]]:
    """A network table (DataFrame, or records without pandas) as lists by column."""
    if hasattr(table, "to_dict") and hasattr(table, "columns"):
        return {str(c): table[c].tolist() for c in table.columns}
    cols: Dict[str, List[Any]] = {}
    for rec in table:
        for k, v in rec.items():
            cols.setdefault(k, []).append(v)
    return cols


def _region_pinyin(net: "Network", n: int) -> List[str]:
    """The regions' pinyin, in table order.

    From the ``pinyin`` column of ``net.regions`` when the native module gives it; until then
    from the network's canonical JSON, one region record per line (read only here)."""
    text = net.dumps()
    out: List[str] = []
    start = text.find('"regions":')
    if start >= 0:
        for line in text[start:].split("\n")[1:]:
            line = line.strip().rstrip(",")
            if not line.startswith("{"):
                break
            out.append(str(json.loads(line).get("pinyin", "")))
    if len(out) != n:   # not the canonical layout: parse it all
        out = [str(r.get("pinyin", "")) for r in json.loads(text).get("regions", [])]
    return out


def _regions(net: "Network") -> Dict[str, List[Any]]:
    cols = _columns(net.regions)
    n = len(cols.get("code", []))
    if "pinyin" not in cols:
        cols["pinyin"] = _region_pinyin(net, n)
    cols["pinyin"] = ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
                      for v in cols["pinyin"]]
    return cols


def _level_of(kind: str, level: str, code: str) -> Optional[str]:
    """The geography level of a region (street, district), or None."""
    if kind in STREET_KINDS or (not kind and len(code) == 9):
        return "street"
    if kind == "district" or (not kind and len(code) == 6):
        return "district"
    if level in ("street", "district") and level == kind:
        return level
    return None


def region_names(net: "Network", level: Optional[str] = None) -> Any:
    """Codes, names, pinyin and kinds of the network's regions, from the dataset.

    Parameters
    ----------
    net : hatchnet.Network
    level : {"street", "district"} or None
        Only the regions of this level (None: all regions).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``; columns ``name``, ``pinyin``, ``kind``, ``population``
        (a list of dicts when pandas is not installed).
    """
    if level is not None and level not in ("street", "district"):
        raise ValueError(f"level must be 'street', 'district' or None, not {level!r}")
    cols = _regions(net)
    keep = [i for i, (c, k) in enumerate(zip(cols["code"], cols["kind"]))
            if level is None or _level_of(str(k), "", str(c)) == level]
    data = {k: [cols[k][i] for i in keep] for k in ("code", "name", "pinyin", "kind", "population")
            if k in cols}
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        return [dict(zip(data, vals)) for vals in zip(*data.values())]
    return pd.DataFrame(data).set_index("code")


# ------------------------------------------------------------------------------ boundaries
def _load_boundaries(boundaries: BoundariesLike, level: str) -> List[Dict[str, Any]]:
    """The features of a boundaries source, as GeoJSON feature dicts."""
    if boundaries is None:
        return []
    if isinstance(boundaries, str) and boundaries == "cnmaps":
        return _cnmaps_features(level)
    if isinstance(boundaries, (str, os.PathLike)):
        path = os.fspath(boundaries)
        if not os.path.exists(path):
            raise FileNotFoundError(path)
        with open(path, encoding="utf-8") as f:
            boundaries = json.load(f)
    if hasattr(boundaries, "__geo_interface__"):
        boundaries = boundaries.__geo_interface__
    if not isinstance(boundaries, Mapping):
        raise TypeError("boundaries: expected None, 'cnmaps', a GeoJSON path or dict, "
                        f"or an object with __geo_interface__, not {type(boundaries).__name__}")
    kind = boundaries.get("type")
    if kind == "FeatureCollection":
        feats = list(boundaries.get("features", []))
    elif kind == "Feature":
        feats = [dict(boundaries)]
    else:
        raise ValueError(f"boundaries: expected a GeoJSON FeatureCollection or Feature, got type {kind!r}")
    return [dict(f) for f in feats if isinstance(f, Mapping) and f.get("geometry")]


def _cnmaps_features(level: str) -> List[Dict[str, Any]]:
    if level != "district":
        raise ValueError("cnmaps has boundaries down to districts (区县) only; for streets pass a "
                         "GeoJSON of your own as boundaries=")
    try:
        from cnmaps import get_adm_maps
    except ImportError as e:
        raise ImportError("boundaries='cnmaps' needs the optional package cnmaps "
                          "(pip install 'hatchnet[cnmaps]')") from e
    gdf = get_adm_maps(province="北京市", level="区县", engine="geopandas")
    feats = gdf.__geo_interface__["features"]
    for f in feats:  # cnmaps names the district in "district"
        f.setdefault("properties", {})["name"] = f["properties"].get("district")
    return list(feats)


def _code_keys(value: Any) -> List[str]:
    """The region codes a property value may stand for."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, float):
        if not value.is_integer():
            return []
        value = int(value)
    s = str(value).strip()
    if not s.isdigit():
        return []
    keys = [s]
    while len(s) > 2 and s.endswith("000") and len(s) in (9, 12):   # 110101000, 110101001000
        s = s[:-3]
        keys.append(s)
    return keys


def _match(features: List[Dict[str, Any]], codes: List[str], names: List[str],
           pinyins: List[str]) -> Dict[str, Dict[str, Any]]:
    """Geometry per region code: by code first, then by a unique Chinese name or pinyin."""
    wanted = set(codes)
    by_name: Dict[str, List[str]] = {}
    for c, n, p in zip(codes, names, pinyins):
        for key in {n, p.lower()} - {""}:
            by_name.setdefault(key, []).append(c)
    out: Dict[str, Dict[str, Any]] = {}
    for f in features:
        props = dict(f.get("properties") or {})
        values: List[Any] = [f.get("id"), *props.values()]
        hit = next((k for v in values for k in _code_keys(v) if k in wanted), None)
        if hit is None:
            for v in values:
                if isinstance(v, str):
                    cands = by_name.get(v.strip(), []) or by_name.get(v.strip().lower(), [])
                    if len(cands) == 1:
                        hit = cands[0]
                        break
        if hit is not None and hit not in out:
            out[hit] = f["geometry"]
    return out


# -------------------------------------------------------------------------------- features
def _number(v: Any) -> Any:
    """JSON-safe scalar: numpy scalars to Python, NaN to None."""
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def _point(lon: Any, lat: Any) -> Optional[Dict[str, Any]]:
    lon, lat = _number(lon), _number(lat)
    if lon is None or lat is None:
        return None
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def _node_features(net: "Network", regions: Dict[str, List[Any]]) -> List[Dict[str, Any]]:
    nodes = _columns(net.nodes)
    dname = {c: (n, p) for c, n, p, k in zip(regions["code"], regions["name"], regions["pinyin"],
                                              regions["kind"]) if len(str(c)) == 6}
    keys = [k for k in ("id", "name", "tier", "region", "operator", "capacity", "occupied", "score")
            if k in nodes]
    feats = []
    for i, nid in enumerate(nodes["id"]):
        props: Dict[str, Any] = {k: _number(nodes[k][i]) for k in keys}
        region = str(nodes["region"][i])
        d = region[:6] if len(region) >= 6 else ""
        props["district"] = d
        props["district_name"], props["district_pinyin"] = dname.get(d, ("", ""))
        feats.append({"type": "Feature", "id": str(nid),
                      "geometry": _point(nodes.get("lon", [None] * (i + 1))[i],
                                         nodes.get("lat", [None] * (i + 1))[i]),
                      "properties": props})
    return feats


def _region_features(net: "Network", level: str, regions: Dict[str, List[Any]],
                     boundaries: BoundariesLike) -> List[Dict[str, Any]]:
    idx = [i for i, (c, k) in enumerate(zip(regions["code"], regions["kind"]))
           if _level_of(str(k), level, str(c)) == level]
    codes = [str(regions["code"][i]) for i in idx]
    names = [str(regions["name"][i]) for i in idx]
    pinyins = [regions["pinyin"][i] for i in idx]
    # centroids: mean position of the incubators located in each region (or below it)
    nodes = _columns(net.nodes)
    width = 9 if level == "street" else 6
    sums: Dict[str, List[float]] = {}
    counts: Dict[str, int] = {}
    caps: Dict[str, int] = {}
    for r, lat, lon, cap in zip(nodes["region"], nodes.get("lat", []), nodes.get("lon", []),
                                nodes.get("capacity", [])):
        r = str(r)
        if len(r) < width:
            continue
        key = r[:width]
        counts[key] = counts.get(key, 0) + 1
        caps[key] = caps.get(key, 0) + int(_number(cap) or 0)
        lat, lon = _number(lat), _number(lon)
        if lat is not None and lon is not None:
            s = sums.setdefault(key, [0.0, 0.0, 0.0])
            s[0] += float(lon)
            s[1] += float(lat)
            s[2] += 1.0
    shapes = _match(_load_boundaries(boundaries, level), codes, names, pinyins)
    dname = {str(c): (str(n), p) for c, n, p in zip(regions["code"], regions["name"], regions["pinyin"])
             if len(str(c)) == 6}
    feats = []
    for j, i in enumerate(idx):
        code = codes[j]
        geom = shapes.get(code)
        if geom is None and code in sums:
            s = sums[code]
            geom = {"type": "Point", "coordinates": [round(s[0] / s[2], 6), round(s[1] / s[2], 6)]}
        props: Dict[str, Any] = {"code": code, "name": names[j], "pinyin": pinyins[j],
                                 "kind": str(regions["kind"][i]),
                                 "population": _number(regions["population"][i])
                                 if "population" in regions else None,
                                 "incubators": counts.get(code, 0), "capacity": caps.get(code, 0),
                                 "boundary": code in shapes}
        if level == "street":
            props["district"] = code[:6]
            props["district_name"], props["district_pinyin"] = dname.get(code[:6], ("", ""))
        feats.append({"type": "Feature", "id": code, "geometry": geom, "properties": props})
    return feats


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")


def to_geojson(net: "Network", level: str = "node",
               path: "Optional[Union[str, os.PathLike[str]]]" = None, *,
               boundaries: BoundariesLike = None) -> Dict[str, Any]:
    """The network's nodes or regions as a GeoJSON FeatureCollection (RFC 7946, WGS84).

    Parameters
    ----------
    net : hatchnet.Network
    level : {"node", "street", "district"}
        One feature per incubator (a Point at its lon/lat), per street-level unit or per
        district (its boundary polygon when ``boundaries`` has it, else a Point at the mean
        position of its incubators).
    path : str or os.PathLike, optional
        Also write the collection there (UTF-8, names unescaped).
    boundaries : dict, path, GeoDataFrame or "cnmaps", optional
        Where region polygons come from (see the module's documentation).

    Returns
    -------
    dict
        ``{"type": "FeatureCollection", "features": [...]}``; each feature's ``id`` is the
        node id or region code, its ``properties`` carry the dataset's names (``name``,
        ``pinyin``, and for nodes and streets ``district_name`` / ``district_pinyin``).
    """
    _check_level(level)
    regions = _regions(net)
    if level == "node":
        if boundaries is not None:
            raise ValueError("boundaries apply to the street and district levels, not to nodes")
        feats = _node_features(net, regions)
    else:
        feats = _region_features(net, level, regions, boundaries)
    fc: Dict[str, Any] = {"type": "FeatureCollection", "features": feats}
    if path is not None:
        with open(os.fspath(path), "w", encoding="utf-8") as f:
            json.dump(fc, f, ensure_ascii=False)
    return fc


def to_geodataframe(net: "Network", level: str = "node", boundaries: BoundariesLike = None) -> Any:
    """The network's nodes or regions as a GeoDataFrame (CRS EPSG:4326).

    Needs GeoPandas (``pip install 'hatchnet[geo]'``). The rows and columns are those of
    :func:`to_geojson`'s features, indexed by node id (``level="node"``) or region code.

    Parameters
    ----------
    net : hatchnet.Network
    level : {"node", "street", "district"}
    boundaries : dict, path, GeoDataFrame or "cnmaps", optional
        Region polygons (street and district levels); without them regions are points.

    Returns
    -------
    geopandas.GeoDataFrame
    """
    try:
        import geopandas as gpd
        from shapely.geometry import shape
    except ImportError as e:
        raise ImportError("to_geodataframe needs GeoPandas: pip install 'hatchnet[geo]'") from e
    fc = to_geojson(net, level, boundaries=boundaries)
    feats = fc["features"]
    rows = [f["properties"] for f in feats]
    geoms = [shape(f["geometry"]) if f["geometry"] else None for f in feats]
    import pandas as pd

    index = pd.Index([f["id"] for f in feats], name="id" if level == "node" else "code")
    df = pd.DataFrame(rows, index=index)
    if level == "node":
        df = df.drop(columns=["id"])
    else:
        df = df.drop(columns=["code"])
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, index=index), crs="EPSG:4326")


# --------------------------------------------------------------------------------- drawing
def _rings(geom: Mapping[str, Any]) -> Iterable[Tuple[List[List[float]], List[List[List[float]]]]]:
    if geom["type"] == "Polygon":
        yield geom["coordinates"][0], geom["coordinates"][1:]
    elif geom["type"] == "MultiPolygon":
        for poly in geom["coordinates"]:
            yield poly[0], poly[1:]
    elif geom["type"] == "GeometryCollection":
        for g in geom["geometries"]:
            yield from _rings(g)


def plot_choropleth(net: "Network", values: Any, level: str = "district",
                    boundaries: BoundariesLike = None, ax: Any = None, *, cmap: str = "viridis",
                    label: str = "pinyin", title: Optional[str] = None) -> Any:
    """Colour districts or streets by a value, on their boundaries.

    Parameters
    ----------
    net : hatchnet.Network
    values : pandas.Series or mapping
        A number per region code (e.g. a column of ``net.coverage(level="district")`` indexed
        by ``code``); regions without a value are drawn grey.
    level : {"district", "street"}
    boundaries : dict, path, GeoDataFrame or "cnmaps", optional
        Region polygons. Without them (or for a region they lack) the region is drawn as a
        coloured disc at the mean position of its incubators.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new figure when None).
    cmap : str
        A matplotlib colormap name.
    label : {"pinyin", "name", "code", "none"}
        District labels (``pinyin`` renders without a CJK font); streets are not labelled.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if level not in ("district", "street"):
        raise ValueError(f"level must be 'district' or 'street', not {level!r}")
    if label not in ("pinyin", "name", "code", "none"):
        raise ValueError(f"label must be pinyin, name, code or none, not {label!r}")
    import matplotlib.pyplot as plt
    from matplotlib.cm import ScalarMappable
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import Normalize
    from matplotlib.patches import Circle, Patch, PathPatch
    from matplotlib.path import Path

    vals: Dict[str, float] = {}
    items = values.items() if hasattr(values, "items") else dict(values).items()
    for k, v in items:
        v = _number(v)
        if v is not None:
            vals[str(k)] = float(v)
    fc = to_geojson(net, level, boundaries=boundaries)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 8))
    finite = [v for v in vals.values() if math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    norm = Normalize(vmin=lo, vmax=hi if hi > lo else lo + 1.0)
    cm = plt.get_cmap(cmap)
    patches: List[Patch] = []
    colours: List[Any] = []
    xs: List[float] = []
    ys: List[float] = []
    radius = 0.03 if level == "district" else 0.01
    for f in fc["features"]:
        g = f["geometry"]
        if g is None:
            continue
        v = vals.get(f["id"])
        colour = cm(norm(v)) if v is not None and math.isfinite(v) else (0.85, 0.85, 0.85, 1.0)
        if g["type"] == "Point":
            x, y = g["coordinates"]
            patches.append(Circle((x, y), radius))
            cx, cy = x, y
        else:
            verts: List[Tuple[float, float]] = []
            codes: List[Any] = []
            for shell, holes in _rings(g):
                for ring in [shell, *holes]:
                    pts = [(float(p[0]), float(p[1])) for p in ring]
                    verts += pts
                    codes += [Path.MOVETO] + [Path.LINETO] * (len(pts) - 1)
            if not verts:
                continue
            patches.append(PathPatch(Path(verts, codes)))
            cx = sum(p[0] for p in verts) / len(verts)
            cy = sum(p[1] for p in verts) / len(verts)
        colours.append(colour)
        xs.append(cx)
        ys.append(cy)
        if level == "district" and label != "none":
            text = {"pinyin": f["properties"]["pinyin"], "name": f["properties"]["name"],
                    "code": f["id"]}[label] or f["id"]
            ax.annotate(text, (cx, cy), ha="center", va="center", fontsize=7)
    coll = PatchCollection(patches, facecolors=colours, edgecolors="white", linewidths=0.5)
    ax.add_collection(coll)
    if xs:
        pad = 0.05
        ax.set_xlim(min(xs) - 0.3 - pad, max(xs) + 0.3 + pad)
        ax.set_ylim(min(ys) - 0.3 - pad, max(ys) + 0.3 + pad)
        ax.autoscale_view()
        ax.update_datalim(coll.get_datalim(ax.transData))
        ax.autoscale()
    ax.set_aspect(1.0 / math.cos(math.radians(40.0)))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    sm = ScalarMappable(norm=norm, cmap=cm)
    sm.set_array([])
    ax.figure.colorbar(sm, ax=ax, shrink=0.7,
                       label=getattr(values, "name", None) or "value")
    if title:
        ax.set_title(title)
    return ax
