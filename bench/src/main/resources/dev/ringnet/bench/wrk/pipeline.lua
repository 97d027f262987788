-- HTTP/1.1 pipelining: each connection sends DEPTH requests for PATH in one write and waits for all of their
-- responses before the next batch (wrk counts each response as a request). Arguments: PATH DEPTH.
init = function(args)
   local path = args[1] or "/hello"
   local depth = tonumber(args[2] or "16")
   local batch = {}
   for i = 1, depth do
      batch[i] = wrk.format("GET", path)
   end
   pipelined = table.concat(batch)
end

request = function()
   return pipelined
end
