-- wrk script for scripts/bench.sh: POST /api/v1/agents/{id}/livekit/token with seeded keys.
-- Arguments after "--": KEYS_FILE MIX. KEYS_FILE has one tab-separated line per key
-- (agent id, organization id, key id, public key, secret). MIX "many" picks a random key and
-- its agent for every request; "hot" always sends the first key; "capped" is "many" over a keys
-- file whose organizations have a concurrency cap, and counts 429 answers (refused sessions).
-- Requests are built once in init(), so per-request Lua work is one table lookup.

local body = '{"roomName":"support-room-001","visitorName":"John Doe"}'
local requests = {}
local threads = 0
local all_threads = {}
refused = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
  all_threads[#all_threads + 1] = thread
end

function init(args)
  local path, mix = args[1], args[2]
  assert(path and (mix == "many" or mix == "hot" or mix == "capped"), "usage: wrk ... -s token.lua URL -- KEYS_FILE many|hot|capped")
  for line in io.lines(path) do
    local agent, _, _, public, secret = line:match("^(%S+)\t(%S+)\t(%S+)\t(%S+)\t(%S+)$")
    if agent then
      requests[#requests + 1] = wrk.format("POST", "/api/v1/agents/" .. agent .. "/livekit/token", {
        ["Authorization"] = "Bearer " .. public .. ":" .. secret,
        ["Content-Type"] = "application/json",
      }, body)
      if mix == "hot" then break end
    end
  end
  assert(#requests > 0, "no keys in " .. path)
  -- Each thread its own random sequence.
  math.randomseed(os.time() * 1000 + (thread_number or 0))
  -- Only the capped mix reads responses: wrk parses headers and calls Lua per response once one is defined.
  if mix == "capped" then
    response = function(status)
      if status == 429 then refused = refused + 1 end
    end
  end
end

function request()
  return requests[math.random(#requests)]
end

-- One machine-readable line for the report. wrk counts HTTP status >= 400 as status errors;
-- the endpoint sends no 1xx or 3xx, so that is the non-2xx count.
function done(summary, latency, _)
  local e = summary.errors
  local refused_total = 0
  for _, thread in ipairs(all_threads) do refused_total = refused_total + (thread:get("refused") or 0) end
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d refused_429=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout, refused_total))
end
