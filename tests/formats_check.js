// Check qwlint's CI formats: FILE.gitlab against the Code Quality schema (draft-07), FILE.rdjson against
// reviewdog's DiagnosticResult schema (draft-04, ajv-draft-04), FILE.md with markdown-it (a CommonMark parser with
// GitHub's tables), plus what the schemas cannot say: the number of findings is the case's (FILE.count),
// fingerprints are unique, a diagnostic has a message, a path and a start, suggestions stay in the finding's file,
// the Markdown has one table row per finding and no HTML, and its only links are the rule pages (https only).
// Usage: node formats_check.js SCHEMA_DIR FILE...   Exit 1 on any failure.
const Ajv = require("ajv");
const Ajv04 = require("ajv-draft-04");
const MarkdownIt = require("markdown-it");
const fs = require("fs");
const path = require("path");
const dir = process.argv[2];
const gitlab = new Ajv({ strict: false, allErrors: true })
	.compile(JSON.parse(fs.readFileSync(path.join(dir, "gitlab-codequality.schema.json"), "utf8")));
const rdjson = new Ajv04({ strict: false, allErrors: true })
	.compile(JSON.parse(fs.readFileSync(path.join(dir, "rdjson-DiagnosticResult.json"), "utf8")));
const md = new MarkdownIt({ html: true });
let bad = 0, n = 0, items = 0;
for (const f of process.argv.slice(3)) {
	n++;
	const fail = (m) => { bad++; console.log(`FAIL ${f}: ${m}`); };
	const countFile = f.replace(/\.[a-z]+$/, ".count");
	const want = fs.existsSync(countFile) ? parseInt(fs.readFileSync(countFile, "utf8"), 10) : null;
	const text = fs.readFileSync(f, "utf8");
	if (f.endsWith(".gitlab") || f.endsWith(".rdjson")) {
		let doc;
		try { doc = JSON.parse(text); } catch (e) { fail(`not JSON: ${e.message}`); continue; }
		const validate = f.endsWith(".gitlab") ? gitlab : rdjson;
		if (!validate(doc)) {
			for (const e of validate.errors) fail(`schema: ${e.instancePath} ${e.message}`);
			continue;
		}
		if (f.endsWith(".gitlab")) {
			const seen = new Set();
			for (const i of doc) {
				if (seen.has(i.fingerprint)) fail(`fingerprint ${i.fingerprint} twice`);
				seen.add(i.fingerprint);
				if (!/^[0-9a-f]{32}$/.test(i.fingerprint)) fail(`fingerprint ${i.fingerprint}`);
			}
			items += doc.length;
			if (want !== null && doc.length !== want) fail(`${doc.length} issues, the case expects ${want}`);
		} else {
			const ds = doc.diagnostics || [];
			if (!doc.source || doc.source.name !== "qwlint") fail("no source");
			for (const d of ds) {
				if (!d.message || !d.location || !d.location.path || !d.location.range ||
				    !(d.location.range.start.line >= 1) || !(d.location.range.start.column >= 1))
					fail(`diagnostic without message, path or start: ${JSON.stringify(d).slice(0, 200)}`);
				if (!["ERROR", "WARNING", "INFO"].includes(d.severity)) fail(`severity ${d.severity}`);
				if (!d.code || !/^QW[0-9]{3}$/.test(d.code.value)) fail(`code ${JSON.stringify(d.code)}`);
				for (const s of d.suggestions || []) {
					const a = s.range.start, b = s.range.end;
					if (!(a.line >= 1 && a.column >= 1 && (b.line > a.line || (b.line === a.line && b.column >= a.column))))
						fail(`suggestion range ${JSON.stringify(s.range)}`);
					if (typeof s.text !== "string") fail("suggestion without text");
				}
			}
			items += ds.length;
			if (want !== null && ds.length !== want) fail(`${ds.length} diagnostics, the case expects ${want}`);
		}
	} else if (f.endsWith(".md")) {
		const tokens = md.parse(text, {});
		const tables = [];
		let links = 0;
		for (const t of tokens) {
			if (t.type === "table_open") tables.push(0);
			if (t.type === "tr_open") tables[tables.length - 1]++;
			if (t.type === "html_block") fail(`HTML block: ${t.content.slice(0, 80)}`);
			for (const c of t.children || []) {
				if (c.type === "html_inline") fail(`inline HTML: ${c.content}`);
				if (c.type === "image") fail("an image");
				if (c.type === "link_open") {
					links++;
					if (!/#QW[0-9]{3}$/.test(c.attrGet("href"))) fail(`link to ${c.attrGet("href")}`);
				}
			}
		}
		const rows = tables.length === 2 ? tables[1] - 1 : 0; // less the header row
		if (tables.length !== 0 && tables.length !== 2) fail(`${tables.length} tables`);
		if (tables.length === 2 && links > tables[0] - 1) fail(`${links} links for ${tables[0] - 1} rules`);
		items += rows;
		if (want !== null && rows !== want) fail(`${rows} finding rows, the case expects ${want}`);
	} else {
		fail("unknown kind");
	}
}
console.log(`formats_check: ${n} reports, ${items} findings, ${bad} failures`);
process.exit(bad ? 1 : 0);
