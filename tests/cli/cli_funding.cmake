# CLI tests of the funding engine (included by run_cli_tests.cmake: run() and expect()).
set(_funds "${SRC}/data/funds/beijing_2024_synthetic.json")
run(funds-check 0 funds check --network beijing --funds "${_funds}" --scheme incubator)
expect(funds-check "6 funds, 4 contracts" "${OUT}")
run(funds-split-plan 0 funds split --network beijing --funds "${_funds}"
    --plan-options "{\"k\": 5, \"objective\": \"served\", \"site_cost\": 500000}")
expect(funds-split-plan "welfare-lottery" "${OUT}")
expect(funds-split-plan "funded" "${OUT}")
# a plan result written by `hatchnet plan --json`, then paid from the funds
run(funds-plan-json 0 plan --network beijing --k 3 --budget 3 --objective served --json)
file(WRITE "${WORK}/funds-plan.json" "${OUT}")
run(funds-split-file 0 funds split --network beijing --funds "${_funds}" --plan "${WORK}/funds-plan.json" --json)
expect(funds-split-file "\"item\":\"pick-1\"" "${OUT}")
expect(funds-split-file "\"allocations\":" "${OUT}")
# payments from evaluation results in the engine's own form
file(WRITE "${WORK}/funds-perf.json"
     "{\"units\": [{\"id\": \"center-11\", \"grade\": \"qualified\", \"score\": 65, \"indicators\": {\"services\": 0.8, \"satisfaction\": 0.5}}]}")
run(funds-pay 0 funds pay --network beijing --funds "${_funds}" --evaluation "${WORK}/funds-perf.json" --scheme incubator --json)
expect(funds-pay "\"due\":1968000.0" "${OUT}")
run(funds-cost 0 funds cost --network beijing --funds "${_funds}")
expect(funds-cost "per organization" "${OUT}")
# bad input: exit 1 naming record and field; usage: exit 2
file(WRITE "${WORK}/funds-bad.json"
     "{\"contracts\": [{\"id\": \"c9\", \"buyer\": \"b\", \"incubator\": \"center-11\", \"amount\": 1, \"start\": \"2024-05-01\", \"end\": \"2024-04-01\"}]}")
run(funds-end-before-start 1 funds check --network beijing --funds "${WORK}/funds-bad.json")
expect(funds-end-before-start "contract c9: field 'end'" "${ERR}")
run(funds-unknown-action 2 funds spend --network beijing --funds "${_funds}")
run(funds-no-funds 2 funds split --network beijing)
# the demo's funds section on the embedded network
if(EXISTS "${WORK}/b.json.gz")
  run(demo-funds 0 demo --network "${WORK}/b.json.gz")
  expect(demo-funds "== Funds: a plan's costs split across several funds ==" "${OUT}")
  expect(demo-funds "welfare-lottery" "${OUT}")
endif()
