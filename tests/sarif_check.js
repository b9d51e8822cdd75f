// Validate SARIF logs: against the official SARIF 2.1.0 JSON schema (argv[2], the copy the SARIF SDK ships),
// and against what the schema cannot say: every result's ruleIndex names its ruleId, every rule has a helpUri
// with its id, and the number of results is the number the case expects (a file NAME.count beside NAME.sarif).
// Usage: node sarif_check.js SCHEMA FILE.sarif...   Exit 1 on any failure.
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");
const fs = require("fs");
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
let bad = 0, results = 0;
const files = process.argv.slice(3);
for (const f of files) {
	const fail = (m) => { bad++; console.log(`FAIL ${f}: ${m}`); };
	let log;
	try { log = JSON.parse(fs.readFileSync(f, "utf8")); } catch (e) { fail(`not JSON: ${e.message}`); continue; }
	if (!validate(log)) {
		for (const e of validate.errors) fail(`schema: ${e.instancePath} ${e.message}`);
		continue;
	}
	const run = log.runs[0], rules = run.tool.driver.rules;
	for (const r of rules)
		if (!r.helpUri || !r.helpUri.endsWith("#" + r.id)) fail(`rule ${r.id}: helpUri ${r.helpUri}`);
	for (const res of run.results) {
		results++;
		if (res.ruleIndex !== undefined && rules[res.ruleIndex].id !== res.ruleId)
			fail(`result ${res.ruleId}: ruleIndex ${res.ruleIndex} is ${rules[res.ruleIndex].id}`);
	}
	const count = f.replace(/\.sarif$/, ".count");
	if (fs.existsSync(count)) {
		const want = parseInt(fs.readFileSync(count, "utf8"), 10);
		if (want !== run.results.length) fail(`${run.results.length} results, the case expects ${want}`);
	}
}
console.log(`sarif_check: ${files.length} logs, ${results} results, ${bad} failures`);
process.exit(bad ? 1 : 0);
