-- Requests for wrk, read from the file named by BENCH_REQUESTS: one per line,
-- "METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY". Each request takes the next line, so cookies (signed-in
-- learners) and paths rotate. With BENCH_ONCE=1 each line is sent once (a quiz submission grades
-- a real attempt only once): the thread stops when the lines run out.
local lines = {}
local next_line = 1
local once = os.getenv("BENCH_ONCE") == "1"
local exhausted = false

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
end

function request()
  if next_line > #lines then
    if once then
      exhausted = true
      return lines[#lines]
    end
    next_line = 1
  end
  local r = lines[next_line]
  next_line = next_line + 1
  return r
end

-- Defined only when needed: with a response() wrk hands every response to Lua, which costs.
if once then
  function response(status, headers, body)
    if exhausted then
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
