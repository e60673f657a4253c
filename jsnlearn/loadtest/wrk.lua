-- Requests for wrk, read from the file named by BENCH_REQUESTS: one per line,
-- "METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY", handed out in the file's order. With BENCH_MODE=once
-- each line is sent at most once (first views, quiz submissions): when they run out the thread
-- stops. Otherwise (rotate) they start again from the first (repeat views).
-- done() prints how many lines were handed out, so the caller knows exactly which pairs went.
-- Run with one thread (-t1): wrk calls the first thread's request() once before the run, to
-- check the request's syntax, and that call is not counted.
local lines = {}
local once = os.getenv("BENCH_MODE") == "once"
local checked = false
local filler
local threads = {}

-- Globals, so that done() can read them from the thread through thread:get.
sent = 0 -- lines handed out
fillers = 0 -- requests for /healthz sent after the lines ran out (once mode)

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  local origin = "https://" .. wrk.host .. ":" .. wrk.port
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = { ["X-Forwarded-Proto"] = "https", ["Cookie"] = cookie }
    if method == "POST" then
      headers["Origin"] = origin
      headers["Content-Type"] = "application/x-www-form-urlencoded"
    else
      body = nil
    end
    lines[#lines + 1] = wrk.format(method, path, headers, body)
  end
  filler = wrk.format("GET", "/healthz", { ["X-Forwarded-Proto"] = "https" })
end

function request()
  if not checked then -- wrk's syntax check: parsed, never sent
    checked = true
    return lines[1] or filler
  end
  if sent >= #lines and (once or #lines == 0) then
    -- wrk needs a request to write: a health check, which is no page and no pair.
    wrk.thread:stop()
    fillers = fillers + 1
    return filler
  end
  local r = lines[sent % #lines + 1]
  sent = sent + 1
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  local handed, filled = 0, 0
  for _, thread in ipairs(threads) do
    handed = handed + thread:get("sent")
    filled = filled + thread:get("fillers")
  end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d, "sent": %d, "fillers": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout, handed, filled))
end
