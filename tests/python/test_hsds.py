"""The HSDS directory from Python: the exported files validate against the HSDS 3.0 JSON
Schema files of the specification (jsonschema, with additional properties refused
everywhere as the specification's own CI does for its examples), export -> import -> export
gives the same bytes, the specification's examples import, bad files are refused by name."""
import copy
import csv
import io
import json
from pathlib import Path

import pytest

import hatchnet

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

HSDS = Path(__file__).resolve().parents[2] / "tests" / "data" / "hsds"

# the file of each table (CSV) and the schema of each table and JSON list
TABLES = {
    "organizations.csv": "organization", "locations.csv": "location", "services.csv": "service",
    "service_at_location.csv": "service_at_location", "cost_options.csv": "cost_option",
    "attributes.csv": "attribute", "taxonomies.csv": "taxonomy", "taxonomy_terms.csv": "taxonomy_term",
}
PAGES = {"organizations.json": "organization", "services.json": "service", "taxonomies.json": "taxonomy",
         "taxonomy_terms.json": "taxonomy_term"}


def _strict(schema):
    """The schema with additionalProperties false in every object with properties."""
    s = copy.deepcopy(schema)

    def walk(x):
        if isinstance(x, dict):
            if "properties" in x and x.get("type") == "object":
                x.setdefault("additionalProperties", False)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(s)
    return s


@pytest.fixture(scope="module")
def validators():
    from referencing.jsonschema import DRAFT202012
    schemas = {p.name: json.loads(p.read_text()) for p in (HSDS / "schema").glob("*.json")}
    registry = referencing.Registry().with_resources(
        (name, referencing.Resource.from_contents(_strict(s), default_specification=DRAFT202012))
        for name, s in schemas.items())
    cls = jsonschema.Draft202012Validator
    return {name[:-5]: cls({"$ref": name}, registry=registry, format_checker=cls.FORMAT_CHECKER)
            for name in schemas}


def _errors(validator, record):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)]


def _sampled(i):
    """The records checked: the first 200 and every 4th after (the records of one table are
    made by one code path; this keeps the test fast on the 5547-node dataset)."""
    return i < 200 or i % 4 == 0


def _typed_rows(text, entity, schemas_dir=HSDS / "schema"):
    """CSV rows as JSON records: empty cells left out, number columns as numbers."""
    props = json.loads((schemas_dir / f"{entity}.json").read_text())["properties"]
    for row in csv.DictReader(io.StringIO(text)):
        rec = {}
        for k, v in row.items():
            if v == "":
                continue
            rec[k] = float(v) if props.get(k, {}).get("type") == "number" else v
        yield rec


@pytest.fixture(scope="module")
def exported(tmp_path_factory, beijing):
    needs, resources = hatchnet.matching.demo_demand(beijing, seed=5, needs=200)
    d = tmp_path_factory.mktemp("hsds")
    beijing.to_hsds(d, resources=resources, needs=needs)
    return d, needs, resources


def test_validator_refuses_what_breaks_the_schema(validators):
    # the specification's own examples pass, and a broken copy does not (the check can fail)
    # (the modular organization schema has no "services": the example nests them, so they are
    # checked against the service schema, as the compiled schema would)
    org = json.loads((HSDS / "example-json" / "organizations.json").read_text())
    services = org.pop("services")
    assert _errors(validators["organization"], org) == []
    assert all(_errors(validators["service"], s) == [] for s in services)
    bad = copy.deepcopy(org)
    bad["id"] = "not-a-uuid"
    bad["locations"][0]["location_type"] = "open"
    del bad["name"]
    errs = _errors(validators["organization"], bad)
    assert any("not-a-uuid" in e for e in errs)
    assert any("'open'" in e for e in errs)
    assert any("'name' is a required property" in e for e in errs)
    assert _errors(validators["organization"], {**org, "colour": "green"}) != []


def test_json_export_validates_against_hsds_schema(validators, exported, beijing):
    d, needs, resources = exported
    counts = {}
    for name, entity in PAGES.items():
        page = json.loads((d / "json" / name).read_text())
        assert page["total_items"] == len(page["contents"]) and page["page_number"] == 1
        for i, rec in enumerate(page["contents"]):
            assert _errors(validators[entity], rec) == [], f"{name} contents[{i}]"
        counts[name] = len(page["contents"])
    assert counts["organizations.json"] == len(beijing.nodes)
    assert counts["services.json"] == sum(len(s) for s in beijing.nodes["services"]) + len(resources)
    written = json.loads((d / "json" / "needs.json").read_text())
    assert [n["id"] for n in written] == list(needs["id"])
    assert [n["quantity"] for n in written] == list(needs["quantity"])


def test_csv_package_validates_against_hsds_schema(validators, exported):
    d, _, _ = exported
    package = json.loads((d / "csv" / "datapackage.json").read_text())
    assert package["profile"] == "tabular-data-package"
    assert {r["path"] for r in package["resources"]} == set(TABLES)
    for name, entity in TABLES.items():
        text = (d / "csv" / name).read_text()
        schema = json.loads((HSDS / "schema" / f"{entity}.json").read_text())
        scalar = [k for k, v in schema["properties"].items() if v.get("type") in ("string", "number")]
        assert text.splitlines()[0].split(",") == scalar, name  # the standard's columns, in order
        res = next(r for r in package["resources"] if r["path"] == name)
        assert [f["name"] for f in res["schema"]["fields"]] == scalar
        for i, rec in enumerate(_typed_rows(text, entity)):
            if _sampled(i):
                assert _errors(validators[entity], rec) == [], f"{name} row {i + 1}"


def test_round_trip_is_byte_identical(exported, beijing, tmp_path):
    d, _, _ = exported
    for sub in ("json", "csv"):
        back = hatchnet.read_hsds(d / sub, base=beijing)
        assert len(back.network.nodes) == len(beijing.nodes)
        out = tmp_path / sub
        back.network.to_hsds(out, resources=back.resources, needs=back.needs)
        for f in sorted(p for p in d.rglob("*") if p.is_file()):
            rel = f.relative_to(d)
            assert (out / rel).read_bytes() == f.read_bytes(), str(rel)
        pd_nodes = back.network.nodes
        assert list(pd_nodes.index) == list(beijing.nodes.index)
        assert (pd_nodes["tier"] == beijing.nodes["tier"]).all()
        assert (pd_nodes["capacity"] == beijing.nodes["capacity"]).all()
    files = hatchnet.hsds.hsds_files(beijing, format="csv")
    assert sorted(files) == sorted([*TABLES, "datapackage.json"])


def test_specification_examples_import():
    for sub in ("example-csv", "example-json"):
        d = hatchnet.read_hsds(HSDS / sub, default_region="11")
        nodes = d.network.nodes
        assert list(nodes.index) == ["d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"]
        assert nodes.loc["d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "tier"] == "social"
        assert list(nodes.iloc[0]["services"]) == ["hsds:Community Counselling"]
        assert d.resources.empty and d.needs.empty


def test_bad_files_are_refused_by_name(tmp_path, beijing):
    small = hatchnet.Network.load(Path(__file__).resolve().parents[2] / "tests" / "data" / "small.json")
    small.to_hsds(tmp_path, format="csv")
    text = (tmp_path / "services.csv").read_text()
    (tmp_path / "services.csv").write_text(text.replace(",active,", ",open,", 1))
    with pytest.raises(ValueError, match=r"file services.csv, row 1: field 'status'"):
        hatchnet.read_hsds(tmp_path, base=small)
    with pytest.raises(ValueError, match="default region"):
        hatchnet.read_hsds(HSDS / "example-csv")
    with pytest.raises(FileNotFoundError):
        hatchnet.read_hsds(tmp_path / "nope")
    with pytest.raises(ValueError, match="format"):
        small.to_hsds(tmp_path / "x", format="xml")
    with pytest.raises(ValueError, match="provider"):
        small.to_hsds(tmp_path / "y", resources=[{"id": "r", "provider": "ghost", "category": "venue",
                                                  "capacity": 1, "unit_cost": 0}])
