-- GET a random path from the file named by WRK_PATHS (one path per line).
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
    paths[#paths + 1] = line
end

function init(args)
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
    return wrk.format("GET", paths[math.random(#paths)])
end
