"""Hostile inputs for the fast (simdjson On-Demand) network reader, src/io/json_fast.cpp.

The reference is the nlohmann reader, reached from Python by writing one record key with a JSON
escape ("h\\u006fme"): the fast reader matches record keys raw (key_index(raw_json_string)) and
declines, the reference reader unescapes it to "home" and reads the same document."""
import math
import pathlib

import pytest

import hatchnet

SMALL = pathlib.Path(__file__).resolve().parents[1] / "data" / "small.json"


def _base():
    return SMALL.read_text(encoding="utf-8")


def _fast(text):
    return hatchnet.Network.loads(text)


def _reference(text):
    assert '"home":' in text
    return hatchnet.Network.loads(text.replace('"home":', '"h\\u006fme":', 1))


def _credit(net):
    return float(net.organizations.set_index("id").loc["so-1", "credit"])


def _lat(net):
    return float(net.nodes.set_index("id").loc["d-east", "lat"])


# simdjson 3.0.1's On-Demand get_double (simdjson issue #2093, fixed after 3.6.2) misreads a value below 1 written with 20 or more
# significant digits (the DOM API, strtod and nlohmann read it right); json_fast.cpp reads every
# double (lat, lon, score, credit, staff.pay, attribute numbers) with it.
@pytest.mark.parametrize("tok, want", [
    ("0.99999999999999999999", 1.0),
    ("0.123456789012345678901", 0.12345678901234568),
    ("0.1000000000000000055511151231257827021181583404541015625", 0.1),
    ("0.5000000000000000000001", 0.5),
    (format(0.5, ".20f"), 0.5),                  # "0.50000000000000000000": printf("%.20f") output
    (format(0.25, ".30f"), 0.25),
])
def test_long_mantissa_below_one_is_read_as_the_reference_reads_it(tok, want):
    text = _base().replace('"credit":92.5', '"credit":' + tok, 1)
    assert _credit(_reference(text)) == want
    assert _credit(_fast(text)) == want          # got 0.0776..., 0.0127..., 1.79e-36, 9.3e-05


def test_long_mantissa_in_coordinates():
    text = _base().replace('"lat":39.93', '"lat":0.99999999999999999999', 1)
    assert _lat(_reference(text)) == 1.0
    assert _lat(_fast(text)) == 1.0              # got 0.07766279631452241


def test_long_mantissa_in_attributes():
    text = _base().replace('"credit":92.5', '"credit":92.5,"attributes":{"share":0.99999999999999999999}', 1)
    assert '"share":1.0' in _reference(text).dumps()
    assert _fast(text).dumps() == _reference(text).dumps()   # fast: "attributes":{"share":0.07766279631452241}


# "-0" is an integer token: nlohmann reads the integer 0 and the reference stores +0.0;
# simdjson's get_double gives -0.0, so the two readers make different networks (save_json
# writes "credit":-0.0 against "credit":0.0).
@pytest.mark.parametrize("field, old", [("credit", '"credit":92.5'), ("lat", '"lat":39.93')])
def test_negative_zero_integer_token_gives_the_reference_sign(field, old):
    text = _base().replace(old, '"%s":-0' % field, 1)
    get = _credit if field == "credit" else _lat
    assert math.copysign(1.0, get(_reference(text))) == 1.0
    assert math.copysign(1.0, get(_fast(text))) == 1.0   # got -1.0


def test_fast_and_reference_saves_are_identical_for_negative_zero():
    text = _base().replace('"credit":92.5', '"credit":-0', 1)
    assert _fast(text).dumps() == _reference(text).dumps()
