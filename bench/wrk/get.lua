-- GET a random path from the file named by WRK_PATHS (one path per line), with the bearer token in
-- WRK_TOKEN (none when it is empty).
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
    paths[#paths + 1] = line
end

function init(args)
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

local token = os.getenv("WRK_TOKEN") or ""
if token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
    return wrk.format("GET", paths[math.random(#paths)])
end
