-- Run as a filter on any document: reads BITEXT_BATCH (a file of documents separated by
-- a line "\x1e"), renders each with pandoc's own Markdown reader to HTML and writes them,
-- separated the same way, to BITEXT_BATCH .. ".html".  One pandoc process for a batch.
function Pandoc(doc)
  local path = os.getenv("BITEXT_BATCH")
  local handle = io.open(path, "r")
  local text = handle:read("a")
  handle:close()
  local out = {}
  for piece in (text .. "\n\30\n"):gmatch("(.-)\n\30\n") do
    local parsed = pandoc.read(piece, "markdown")
    local html = pandoc.write(parsed, "html")
    -- the title block goes to metadata: show it, as a standalone template would
    local title = parsed.meta.title and pandoc.utils.stringify(parsed.meta.title) or ""
    local authors = parsed.meta.author and pandoc.utils.stringify(parsed.meta.author) or ""
    table.insert(out, "<title>" .. title .. "</title><author>" .. authors .. "</author>\n" .. html)
  end
  handle = io.open(path .. ".html", "w")
  handle:write(table.concat(out, "\n\30\n"))
  handle:close()
  return doc
end
