/** The report's only style sheet, inline and allowed by its hash in the page's CSP. */
export const STYLE = `
body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1b1f24; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; } h3 { margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num { text-align: right; } td.hash { font: 11px monospace; word-break: break-all; }
.muted { color: #59636e; } .missing { color: #9a2a00; } li.stale { color: #7d4e00; }
.status { padding: 0 .4rem; border-radius: .3rem; white-space: nowrap; }
.compliant { background: #dafbe1; } .partially_compliant { background: #fff8c5; }
.not_compliant { background: #ffebe9; } .not_applicable { background: #eaeef2; }
`;
