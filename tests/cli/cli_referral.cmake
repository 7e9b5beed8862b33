# CLI tests of `hatchnet refer` and the referral section of `hatchnet demo` (included by
# run_cli_tests.cmake, which defines run() and expect()).
file(WRITE "${WORK}/ref_req.json" "{\"organization\": \"so-2\", \"needs\": [\"office\"], \"first_contact\": \"s-east-2\"}")
run(refer-single 0 refer --network "${SRC}/tests/data/small.json" --request "${WORK}/ref_req.json")
expect(refer-single "\"chosen\":\"d-east\"" "${OUT}")
expect(refer-single "\"move\":\"up\"" "${OUT}")
expect(refer-single "\"reasons\":[\"service_not_offered\"" "${OUT}")

run(refer-policy 0 refer --network "${SRC}/tests/data/small.json" --request "${WORK}/ref_req.json"
    --policy "${SRC}/data/referral_policy.json" --out "${WORK}/ref_out.json" --pretty)
file(READ "${WORK}/ref_out.json" _ref_out)
expect(refer-policy "\"chosen\": \"d-east\"" "${_ref_out}")

file(WRITE "${WORK}/ref_batch.json" "[{\"id\": \"a\", \"organization\": \"so-1\", \"needs\": [\"office\"]}, {\"id\": \"b\", \"organization\": \"so-4\", \"needs\": [\"venue\"], \"urgency\": \"urgent\"}]")
run(refer-batch 0 refer --network "${SRC}/tests/data/small.json" --batch "${WORK}/ref_batch.json")
expect(refer-batch "\"routed\":2" "${OUT}")
expect(refer-batch "\"request\":\"b\"" "${OUT}")
expect(refer-batch "2 requests: 2 routed" "${ERR}")

file(WRITE "${WORK}/ref_bad.json" "{\"organization\": \"so-1\", \"needs\": [], \"first_contact\": \"s-east-1\"}")
run(refer-empty-needs 1 refer --network "${SRC}/tests/data/small.json" --request "${WORK}/ref_bad.json")
expect(refer-empty-needs "field 'needs'" "${ERR}")
file(WRITE "${WORK}/ref_station.json" "{\"organization\": \"so-1\", \"needs\": [\"office\"], \"first_contact\": \"c-east-a\"}")
run(refer-station 1 refer --network "${SRC}/tests/data/small.json" --request "${WORK}/ref_station.json")
expect(refer-station "not an incubator" "${ERR}")
file(WRITE "${WORK}/ref_malformed.json" "{\"organization\": \"so-1\",\n \"needs\": [")
run(refer-malformed 1 refer --network "${SRC}/tests/data/small.json" --request "${WORK}/ref_malformed.json")
expect(refer-malformed "malformed JSON at line 2" "${ERR}")
file(WRITE "${WORK}/ref_policy_bad.json" "{\"weights\": {\"distance\": -1}}")
run(refer-bad-policy 1 refer --network "${SRC}/tests/data/small.json" --request "${WORK}/ref_req.json"
    --policy "${WORK}/ref_policy_bad.json")
expect(refer-bad-policy "weights.distance" "${ERR}")
run(refer-usage 2 refer --network "${SRC}/tests/data/small.json")

run(demo-referral 0 demo --network "${SRC}/tests/data/small.json")
expect(demo-referral "Referral routing" "${OUT}")
expect(demo-referral "referred to" "${OUT}")
expect(demo-referral "service_not_offered" "${OUT}")

# --many: each request routed on its own, every explanation kept (a JSON array of results)
run(refer-many 0 refer --network "${SRC}/tests/data/small.json" --many "${WORK}/ref_batch.json" --threads 2)
expect_json(refer-many "${OUT}" "a" 0 request)
expect_json(refer-many "${OUT}" "b" 1 request)
expect_json(refer-many "${OUT}" "routed" 1 status)
expect(refer-many "2 requests routed independently" "${ERR}")
run(refer-many-two 2 refer --network "${SRC}/tests/data/small.json" --many "${WORK}/ref_batch.json" --batch "${WORK}/ref_batch.json")
expect(refer-many-two "exactly one of --request FILE, --batch FILE and --many FILE" "${ERR}")
run(refer-many-threads 2 refer --network "${SRC}/tests/data/small.json" --many "${WORK}/ref_batch.json" --threads -1)
expect(refer-many-threads "--threads" "${ERR}")
