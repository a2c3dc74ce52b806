// Renders a JSON list of Markdown documents (stdin) with markdown-it as VitePress sets it up
// (html on, linkify, containers tip/info/warning/danger/details with titles, attributes),
// printing a JSON list of HTML documents.  NODE_PATH names the folder holding the packages.
const MarkdownIt = require("markdown-it");
const container = require("markdown-it-container");
const attrs = require("markdown-it-attrs");

const md = new MarkdownIt({ html: true, linkify: true });
for (const kind of ["tip", "info", "warning", "danger", "details"]) {
  md.use(container, kind, {
    render(tokens, idx) {
      const token = tokens[idx];
      const title = token.info.trim().slice(kind.length).trim();
      if (token.nesting === 1) {
        return `<div class="${kind} custom-block"><p class="custom-block-title">${md.utils.escapeHtml(title)}</p>\n`;
      }
      return "</div>\n";
    },
  });
}
md.use(attrs);
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const docs = JSON.parse(input);
  process.stdout.write(JSON.stringify(docs.map((text) => md.render(text))));
});
