-- wrk script for the durable-votes scenario: each request is one participant's vote.
-- args: tokens_file question_id option_id x4
-- Tokens are used round robin and the chosen option rotates every round, so every request
-- changes a stored response (allow_change) and carries its own Idempotency-Key.

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(args[1]) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  qid = args[2]
  opts = {args[3], args[4], args[5], args[6]}
  path = wrk.path
  counter = 0
  n201, n429, nother = 0, 0, 0
end

function request()
  counter = counter + 1
  local i = (counter % #tokens) + 1
  local round = math.floor(counter / #tokens)
  local opt = opts[((i + round) % #opts) + 1]
  local body = '{"question_id":"' .. qid .. '","choice_ids":["' .. opt .. '"]}'
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[i],
    ["Idempotency-Key"] = "wrk-" .. tid .. "-" .. counter,
  }
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status == 201 then
    n201 = n201 + 1
  elseif status == 429 then
    n429 = n429 + 1
  else
    nother = nother + 1
  end
end

function done(summary, latency, requests)
  local a201, a429, aother = 0, 0, 0
  for _, t in ipairs(threads) do
    a201 = a201 + t:get("n201")
    a429 = a429 + t:get("n429")
    aother = aother + t:get("nother")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"status_201":%d,"status_429":%d,"status_other":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, a201, a429, aother, e.connect + e.read + e.write + e.timeout))
end
