-- The long tail for wrk: each request asks for the next address of a file
-- (one path a line), the threads taking turns, so that no address comes
-- twice before the file is used up.
-- wrk -s bench/tail.lua http://host:port -- paths.txt
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  step = tonumber(args[2])
  position = id + 1
end

function request()
  local path = paths[position]
  position = position + step
  if position > #paths then
    position = (position - 1) % #paths + 1
  end
  return wrk.format("GET", path)
end
