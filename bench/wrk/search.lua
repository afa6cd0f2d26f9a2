-- GET /api/videos?q=<word>&limit=50: a random word of the catalogue's vocabulary (one per line in
-- the file named by WRK_WORDS) on every request.
local words = {}
for line in io.lines(os.getenv("WRK_WORDS")) do
    words[#words + 1] = line
end

function init(args)
    math.randomseed(os.time() + math.random(1000))
end

function request()
    return wrk.format("GET", "/api/videos?q=" .. words[math.random(#words)] .. "&limit=50",
        { ["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN") })
end
