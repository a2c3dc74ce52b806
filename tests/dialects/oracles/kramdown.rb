# Renders a JSON list of Markdown documents (stdin) with kramdown as Jekyll configures it
# (GFM input, no hard wraps, auto ids), printing a JSON list of HTML documents.
require "json"
require "kramdown"
require "kramdown-parser-gfm"

docs = JSON.parse($stdin.read)
out = docs.map do |text|
  Kramdown::Document.new(text, input: "GFM", hard_wrap: false, auto_ids: true,
                         syntax_highlighter: nil, smart_quotes: "lsquo,rsquo,ldquo,rdquo").to_html
end
$stdout.write(JSON.generate(out))
