-- wrk script: cycles through the profile paths listed one per line in the
-- file named by $PATHS; with CLOSE=1 every request asks for the connection
-- to be closed, so each fetch pays a new TLS handshake.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  paths[#paths + 1] = line
end
local close = os.getenv("CLOSE") == "1"
local i = 0

request = function()
  i = i % #paths + 1
  local headers = {}
  if close then
    headers["Connection"] = "close"
  end
  return wrk.format("GET", paths[i], headers)
end
