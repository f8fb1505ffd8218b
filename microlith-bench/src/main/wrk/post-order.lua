-- wrk script: POST /order as one logged-in customer.
-- SESSION and PRODUCT come from: java .../OrderLoad.java setup http://127.0.0.1:8080
local session = os.getenv("SESSION") or error("set SESSION (see OrderLoad setup)")
local product = os.getenv("PRODUCT") or error("set PRODUCT (see OrderLoad setup)")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "microlith_session=" .. session
wrk.body = '{"products":[{"productId":"' .. product .. '","price":2.5}]}'


-- Answers that are not 2xx (503: back-pressure refused the order) are not accepted orders: counted apart.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("answered/s: %.0f  accepted/s: %.0f  p50: %.2f ms  p90: %.2f ms  p99: %.2f ms  max: %.2f ms\n",
    summary.requests / seconds, (summary.requests - summary.errors.status) / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("non-2xx: %d, socket errors: connect %d read %d write %d timeout %d\n",
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
