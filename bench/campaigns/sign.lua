-- wrk script: every request a new signer (distinct email, distinct client address behind the
-- trusted proxy hop, each /24 block reused only every 65,536 requests). FORM_TOKEN, PATH and
-- PREFIX come from the environment (the harness sets them).
local counter = 0
local thread_id = 0
local threads = {}
local token = os.getenv("FORM_TOKEN")
local prefix = os.getenv("PREFIX") or "run"
-- Each run starts its addresses elsewhere, so runs within the rate-limit windows never share one.
local offset = tonumber(os.getenv("OFFSET") or "0")

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   thread_id = id
end

local function urlencode(s)
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
   counter = counter + 1
   local n = offset + counter * 16 + thread_id
   local ip = string.format("10.%d.%d.%d", math.floor(n / 256) % 256, n % 256, math.floor(n / 65536) % 250 + 1)
   local body = "name=Bench+Signer&email=" .. urlencode(prefix .. "-" .. n .. "@bench.example.org")
      .. "&country=KE&consent_count=on&website=&form_token=" .. urlencode(token)
   return wrk.format("POST", nil, {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Forwarded-For"] = ip,
   }, body)
end

function done(summary, latency, requests)
   io.write(string.format("RESULT requests=%d errors_status=%d errors_connect=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f\n",
      summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
