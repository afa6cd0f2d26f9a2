-- PUT /api/videos/{id}/progress: a heartbeat of a random learner, each line of the file named by
-- WRK_LEARNERS being "<token> <video id>" (a learner and a video of their course), at a random
-- position. 4,096 such requests are formatted once, at start, and sent in random order: the load
-- generator shares the machine's cores with the service, so it spends as little as it can per request.
local learners = {}
for line in io.lines(os.getenv("WRK_LEARNERS")) do
    local token, video = line:match("^(%S+) (%S+)$")
    learners[#learners + 1] = { token = token, path = "/api/videos/" .. video .. "/progress" }
end

local requests = {}

function init(args)
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
    for i = 1, 4096 do
        local learner = learners[math.random(#learners)]
        local position = math.random(10, 290)
        local body = string.format('{"position":%d.5,"watched":[[%d,%d.5]]}', position, position - 5, position)
        requests[i] = wrk.format("PUT", learner.path, { ["Content-Type"] = "application/json",
            ["Authorization"] = "Bearer " .. learner.token }, body)
    end
end

function request()
    return requests[math.random(#requests)]
end
