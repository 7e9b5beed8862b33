# CLI tests of `hatchnet match`, `hatchnet mcf`, `hatchnet match-data` and the matching section
# of `hatchnet demo` (included by run_cli_tests.cmake, which defines run() and expect()).

# --- mcf: DIMACS min-cost flow files
file(WRITE "${WORK}/mcf_ok.min" "c a small problem\np min 3 3\nn 1 6\nn 3 -6\na 1 2 0 4 2\na 2 3 0 4 1\na 1 3 0 10 5\n")
run(mcf-ok 0 mcf "${WORK}/mcf_ok.min")
expect(mcf-ok "cost: 22" "${OUT}")
expect(mcf-ok "time: " "${OUT}")
file(WRITE "${WORK}/mcf_infeasible.min" "p min 2 1\nn 1 6\nn 2 -6\na 1 2 0 4 1\n")
run(mcf-infeasible 1 mcf "${WORK}/mcf_infeasible.min")
expect(mcf-infeasible "status: infeasible" "${OUT}")
expect(mcf-infeasible "--mode max-flow" "${ERR}")
run(mcf-maxflow 0 mcf "${WORK}/mcf_infeasible.min" --mode max-flow)
expect(mcf-maxflow "cost: 4" "${OUT}")
expect(mcf-maxflow "unrouted supply: 2" "${OUT}")
file(WRITE "${WORK}/mcf_bad.min" "p min 2 1\nn 1 1\nn 2 -1\na 1 x 0 4 1\n")
run(mcf-malformed 1 mcf "${WORK}/mcf_bad.min")
expect(mcf-malformed "line 4" "${ERR}")
file(WRITE "${WORK}/mcf_unbalanced.min" "p min 2 1\nn 1 2\nn 2 -1\na 1 2 0 4 1\n")
run(mcf-unbalanced 1 mcf "${WORK}/mcf_unbalanced.min")
expect(mcf-unbalanced "do not balance" "${ERR}")
run(mcf-missing 1 mcf "${WORK}/nope.min")
run(mcf-usage 2 mcf)

# --- match: needs/resources on the small fixture
file(WRITE "${WORK}/match_needs.json" "[{\"id\": \"n1\", \"organization\": \"so-4\", \"category\": \"venue\", \"quantity\": 2, \"priority\": 3},
 {\"id\": \"n2\", \"organization\": \"so-5\", \"category\": \"venue\", \"quantity\": 1},
 {\"id\": \"n3\", \"organization\": \"so-2\", \"category\": \"venue\", \"quantity\": 1, \"priority\": 1},
 {\"id\": \"n4\", \"organization\": \"so-1\", \"category\": \"legal\"}]")
file(WRITE "${WORK}/match_res.json" "[{\"id\": \"r1\", \"provider\": \"c-east-a\", \"category\": \"venue\", \"capacity\": 2, \"unit_cost\": 1.5},
 {\"id\": \"r2\", \"provider\": \"d-west\", \"category\": \"space\", \"capacity\": 1, \"eligibility\": {\"regions\": [\"110102\"]}}]")
run(match-basic 0 match --network "${SRC}/tests/data/small.json" --needs "${WORK}/match_needs.json"
    --resources "${WORK}/match_res.json")
expect(match-basic "\"status\":\"optimal\"" "${OUT}")
expect(match-basic "\"need\":\"n1\",\"organization\":\"so-4\",\"resource\":\"r1\"" "${OUT}")
expect(match-basic "\"reason\":\"exhausted\"" "${OUT}")
expect(match-basic "\"blocked_by\":[\"n1\"]" "${OUT}")
expect(match-basic "no resource offers 'legal'" "${OUT}")
expect(match-basic "served 3 of 5 units" "${ERR}")
run(match-fair 0 match --network "${SRC}/tests/data/small.json" --needs "${WORK}/match_needs.json"
    --resources "${WORK}/match_res.json" --fair district --out "${WORK}/match_out.json" --pretty)
file(READ "${WORK}/match_out.json" _match_out)
expect(match-fair "\"group\": \"110101\"" "${_match_out}")
expect(match-fair "\"floor\":" "${_match_out}")
run(match-time-limit 0 match --network "${SRC}/tests/data/small.json" --needs "${WORK}/match_needs.json"
    --resources "${WORK}/match_res.json" --time-limit 1e-12)
expect(match-time-limit "\"status\":\"time_limit\"" "${OUT}")
expect(match-time-limit "\"reason\":\"not_solved\"" "${OUT}")
expect(match-time-limit "stopped: time_limit" "${ERR}")
run(match-time-limit-bad 1 match --network "${SRC}/tests/data/small.json" --needs "${WORK}/match_needs.json"
    --resources "${WORK}/match_res.json" --time-limit -2)
expect(match-time-limit-bad "--time-limit" "${ERR}")
file(WRITE "${WORK}/match_bad_needs.json" "[{\"id\": \"n1\", \"organization\": \"ghost\", \"category\": \"venue\"}]")
run(match-unknown-org 1 match --network "${SRC}/tests/data/small.json" --needs "${WORK}/match_bad_needs.json"
    --resources "${WORK}/match_res.json")
expect(match-unknown-org "need n1: field 'organization': unknown organization 'ghost'" "${ERR}")
file(WRITE "${WORK}/match_bad_res.json" "[{\"id\": \"r1\", \"provider\": \"cc\", \"category\": \"venue\", \"capacity\": -4}]")
run(match-negative-capacity 1 match --network "${SRC}/tests/data/small.json" --needs "${WORK}/match_needs.json"
    --resources "${WORK}/match_bad_res.json")
expect(match-negative-capacity "resource r1: field 'capacity'" "${ERR}")
file(WRITE "${WORK}/match_malformed.json" "[{\"id\": \"n1\",\n \"organization\": ")
run(match-malformed 1 match --network "${SRC}/tests/data/small.json" --needs "${WORK}/match_malformed.json"
    --resources "${WORK}/match_res.json")
expect(match-malformed "malformed JSON at line 2" "${ERR}")
run(match-bad-fair 1 match --network "${SRC}/tests/data/small.json" --needs "${WORK}/match_needs.json"
    --resources "${WORK}/match_res.json" --fair galaxy)
run(match-usage 2 match --network "${SRC}/tests/data/small.json")

# --- generated data, round trip through the files
run(match-data 0 match-data --network "${SRC}/tests/data/small.json" --count 30
    --needs-out "${WORK}/gen_needs.json" --resources-out "${WORK}/gen_res.json")
expect(match-data "30 needs" "${OUT}")
run(match-generated 0 match --network "${SRC}/tests/data/small.json" --needs "${WORK}/gen_needs.json"
    --resources "${WORK}/gen_res.json" --fair district --distance hops)
expect(match-generated "\"summary\"" "${OUT}")

# --- the demo section
run(demo-match 0 demo --network "${SRC}/tests/data/small.json")
expect(demo-match "Resource matching" "${OUT}")
expect(demo-match "generated needs" "${OUT}")
expect(demo-match "110101" "${OUT}")
