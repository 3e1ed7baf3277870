-- wrk script for bench/redirect.py: requests from a plan file, in order, cycling.
-- Each plan line: path <TAB> User-Agent <TAB> X-Forwarded-For. Prints, when done,
-- how often the plan was gone through and the count of each status.
-- Globals, not locals: done() reads them from each thread with thread:get().
requests, statuses = {}, {}
position, cycles = 0, 0

function init(args)
  for line in io.lines(os.getenv("BENCH_PLAN")) do
    local path, agent, address = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)$")
    requests[#requests + 1] = wrk.format("GET", path, {
      ["User-Agent"] = agent,
      ["X-Forwarded-For"] = address,
    })
  end
end

function request()
  position = position + 1
  if position > #requests then
    position, cycles = 1, cycles + 1
  end
  return requests[position]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, sent)
  for _, thread in ipairs(threads) do
    io.write(string.format("plan-cycles %d\n", thread:get("cycles")))
    for status, n in pairs(thread:get("statuses")) do
      io.write(string.format("status %d %d\n", status, n))
    end
  end
end
