# CLI tests of the evaluation engine (included by run_cli_tests.cmake: run() and expect()).
run(evaluate-usage 2 evaluate --network "${SRC}/tests/data/small.json")
run(evaluate-generate 0 evaluate --network "${SRC}/tests/data/small.json" --scheme incubator
    --ratings generate --out "${WORK}/ev" --draws 200)
expect(evaluate-generate "evaluated 10 incubators on scheme incubator" "${OUT}")
expect(evaluate-generate "90% interval" "${OUT}")
if(NOT EXISTS "${WORK}/ev/evaluation.json" OR NOT EXISTS "${WORK}/ev/disclosure/d-east.html")
  message(SEND_ERROR "evaluate-generate: evaluation.json or disclosure/d-east.html not written")
else()
  file(READ "${WORK}/ev/disclosure/d-east.html" _html)
  expect(evaluate-html "<!DOCTYPE html>" "${_html}")
  expect(evaluate-html "East District Incubator" "${_html}")
  file(READ "${WORK}/ev/evaluation.json" _json)
  expect(evaluate-json "\"rank_interval\"" "${_json}")
  expect(evaluate-json "\"by_district\"" "${_json}")
endif()
run(evaluate-mca 0 evaluate --network "${SRC}/tests/data/small.json" --scheme "${SRC}/data/schemes/mca_1000.json"
    --ratings generate --data-seed 7 --out "${WORK}/ev-mca" --draws 0 --network-out "${WORK}/ev-scored.json")
expect(evaluate-mca "5A" "${OUT}")
run(evaluate-scored-valid 0 validate --quiet "${WORK}/ev-scored.json")
# a ratings file naming an unknown incubator: exit 1 and the id in the message
file(WRITE "${WORK}/ev-bad.json" "{\"ratings\": [{\"unit\": \"ghost\", \"rater\": \"r1\", \"column\": \"satisfaction\", \"value\": 4}]}")
run(evaluate-unknown-id 1 evaluate --network "${SRC}/tests/data/small.json" --scheme incubator
    --ratings "${WORK}/ev-bad.json" --out "${WORK}/ev-bad")
expect(evaluate-unknown-id "unknown incubator id 'ghost'" "${ERR}")
file(WRITE "${WORK}/ev-nan.json" "{\"indicators\": [{\"id\": \"d-east\", \"coverage\": \"lots\"}]}")
run(evaluate-bad-value 1 evaluate --network "${SRC}/tests/data/small.json" --scheme incubator
    --ratings "${WORK}/ev-nan.json" --out "${WORK}/ev-bad")
expect(evaluate-bad-value "coverage" "${ERR}")
run(evaluate-bad-option 1 evaluate --network "${SRC}/tests/data/small.json" --scheme incubator
    --ratings generate --out "${WORK}/ev-bad" --pooling magic)
expect(evaluate-bad-option "magic" "${ERR}")
run(evaluate-bad-scheme 1 evaluate --network "${SRC}/tests/data/small.json" --scheme "${WORK}/nope.json"
    --ratings generate --out "${WORK}/ev-bad")
run(demo-evaluate 0 demo --network "${SRC}/tests/data/small.json")
expect(demo-evaluate "== Evaluation: the incubators graded on generated ratings ==" "${OUT}")
expect(demo-evaluate "Krippendorff alpha" "${OUT}")
