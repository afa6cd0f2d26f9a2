-- POST /api/videos: a new video with a unique Cloudflare uid and lesson in a random course
-- (course ids from the file named by WRK_COURSES).
local courses = {}
for line in io.lines(os.getenv("WRK_COURSES")) do
    courses[#courses + 1] = line
end

local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("tid", threads)
end

local prefix
local counter = 0
function init(args)
    prefix = string.format("%08x%08x", tid, os.time() % 0x7fffffff)
    math.randomseed(os.time() + tid)
end

function request()
    counter = counter + 1
    local uid = prefix .. string.format("%016x", counter)
    local body = '{"course_id":"' .. courses[math.random(#courses)] .. '","lesson_id":"bench/' .. uid
        .. '","cloudflare_video_id":"' .. uid .. '","title":"Benchmark lesson ' .. counter
        .. '","description":"created under load","metadata":{"source":"wrk"}}'
    return wrk.format("POST", "/api/videos", { ["Content-Type"] = "application/json",
        ["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN") }, body)
end
