/**
 * The dossier's style sheet: A4 pages, tables whose header repeats on each page and whose rows do
 * not split, the 流转记录 and the flowchart each starting a page, and only fonts already on the
 * machine (the county's PCs have one of these Chinese fonts; nothing is fetched).
 */
export const dossierCss = `
@page { size: A4; margin: 16mm 14mm 16mm 14mm; }
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0 auto; max-width: 190mm; padding: 8mm 0; color: #1b1f24; background: #fff;
  font: 10.5pt/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif;
}
header.cover { border-bottom: 2px solid #8c1d18; padding-bottom: 4mm; margin-bottom: 5mm; }
header.cover h1 { font-size: 22pt; letter-spacing: 0.3em; margin: 0; color: #8c1d18; }
header.cover .subtitle { margin: 0; color: #57606a; font-size: 9.5pt; }
header.cover .case-title { font-size: 14pt; font-weight: 600; margin: 2mm 0 0; }
header.cover .case-id { margin: 1mm 0 0; color: #57606a; font-size: 9pt; }
section.block { margin: 0 0 5mm; }
h2 { font-size: 12.5pt; margin: 0 0 2mm; padding: 1mm 0 1mm 2.5mm; border-left: 4px solid #8c1d18; background: #f6f1f0; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; }
table.fields th { width: 28mm; text-align: left; vertical-align: top; color: #57606a; font-weight: 500; padding: 1mm 2mm 1mm 0; }
table.fields td { padding: 1mm 0; vertical-align: top; white-space: pre-wrap; overflow-wrap: anywhere; }
table.fields td table { margin: 0; }
table.grid { font-size: 9pt; margin: 0 0 1mm; }
table.grid th, table.grid td { border: 0.6pt solid #c9ced4; padding: 1mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; white-space: pre-wrap; }
table.grid thead th { background: #eef1f4; font-weight: 600; white-space: nowrap; }
thead { display: table-header-group; }
tr, td, th { break-inside: avoid; page-break-inside: avoid; }
code.hash { font: 7.5pt/1.3 "DejaVu Sans Mono", "Consolas", monospace; overflow-wrap: anywhere; word-break: break-all; color: #3d4752; }
.note, .none { color: #57606a; font-size: 9pt; margin: 1mm 0; }
.tag { display: inline-block; font-size: 8pt; color: #6e4b00; background: #fff3cd; padding: 0 1mm; border-radius: 2px; }
.status { font-weight: 600; white-space: nowrap; }
.time { white-space: nowrap; }
.status-met { color: #1a7f37; }
.status-late, .status-missed { color: #9a6700; }
.status-overdue { color: #cf222e; }
section.history { break-before: page; page-break-before: always; }
section.flowchart-page { break-before: page; page-break-before: always; break-inside: avoid; page-break-inside: avoid; }
svg.flowchart { display: block; width: 100%; height: auto; max-height: 235mm; }
svg.flowchart .edge { fill: none; stroke: #9aa3ad; stroke-width: 1; }
svg.flowchart .edge.taken { stroke: #1d5fbf; stroke-width: 2.6; }
svg.flowchart .state rect { fill: #fff; stroke: #6e7781; stroke-width: 1; }
svg.flowchart .state.start rect { fill: #f6f8fa; }
svg.flowchart .state.final rect { stroke-width: 1.6; }
svg.flowchart .state.visited rect { fill: #ddeaff; stroke: #1d5fbf; stroke-width: 2; }
svg.flowchart .state.current rect { fill: #1d5fbf; stroke: #0b3d8c; stroke-width: 2.4; }
svg.flowchart .state text { font-size: 11.5px; text-anchor: middle; fill: #1b1f24; }
svg.flowchart .state.current text { fill: #fff; font-weight: 700; }
svg.flowchart .compound rect { fill: #fafbfc; stroke: #9aa3ad; stroke-dasharray: 4 3; }
svg.flowchart .compound.visited rect { stroke: #1d5fbf; }
svg.flowchart .compound text { font-size: 11.5px; text-anchor: start; fill: #57606a; font-weight: 600; }
svg.flowchart .badge rect { fill: #fff; stroke: #1d5fbf; stroke-width: 1; }
svg.flowchart .badge text { font-size: 9.5px; text-anchor: middle; fill: #1d5fbf; font-weight: 700; }
.legend { font-size: 9pt; color: #57606a; margin-top: 3mm; }
.legend .key { display: inline-block; width: 9mm; height: 3.2mm; margin: 0 1.5mm 0 4mm; vertical-align: middle; border: 1pt solid #6e7781; }
.legend .key:first-child { margin-left: 0; }
.legend .key-taken { background: #ddeaff; border-color: #1d5fbf; }
.legend .key-current { background: #1d5fbf; border-color: #0b3d8c; }
.legend .key-other { background: #fff; }
@media screen { body { padding: 12mm; } }
`;
