-- PUT /api/videos/{id}/progress: a heartbeat of a random learner, each line of the file named by
-- WRK_LEARNERS being "<token> <video id>" (a learner and a video of their course); the position moves on.
local learners = {}
for line in io.lines(os.getenv("WRK_LEARNERS")) do
    local token, video = line:match("^(%S+) (%S+)$")
    learners[#learners + 1] = { token = token, path = "/api/videos/" .. video .. "/progress" }
end

function init(args)
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
    local learner = learners[math.random(#learners)]
    local position = math.random(10, 290)
    local body = string.format('{"position":%d.5,"watched":[[%d,%d.5]]}', position, position - 5, position)
    return wrk.format("PUT", learner.path, { ["Content-Type"] = "application/json",
        ["Authorization"] = "Bearer " .. learner.token }, body)
end
