-- GET a random path from the file named by WRK_PATHS (one path per line), with the bearer token in
-- WRK_TOKEN (none when it is empty). The requests are formatted once, at start: the load generator
-- shares the machine's cores with the service, so it spends as little as it can per request.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
    paths[#paths + 1] = line
end

local token = os.getenv("WRK_TOKEN") or ""
if token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
end

local requests = {}

function init(args)
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
    for i, path in ipairs(paths) do
        requests[i] = wrk.format("GET", path)
    end
end

function request()
    return requests[math.random(#requests)]
end
