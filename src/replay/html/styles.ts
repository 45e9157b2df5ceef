/**
 * The preview page's styles: Slack's message view (Lato and its fallbacks, 15px text, #1d1c1d ink, red inline code
 * on grey, bordered buttons with green primary and red danger styles, grey context lines), plus a bar beside each
 * message in its severity's colour (the colours of secmon's severity markers).
 */
export const PREVIEW_STYLES = `
:root { --ink: #1d1c1d; --muted: #616061; --line: rgba(29, 28, 29, 0.13); --code: #e01e5a;
  --critical: #e01e5a; --high: #e8912d; --medium: #ecb22e; --low: #1d9bd1; --info: #a0a0a2; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 15px/1.46668 "Slack-Lato", Lato, "Helvetica Neue", Helvetica, "Segoe UI", Arial, sans-serif;
  -webkit-font-smoothing: antialiased; }
.channel { max-width: 900px; margin: 0 auto; }
.channel-header { display: flex; align-items: baseline; gap: 12px; padding: 14px 20px; border-bottom: 1px solid var(--line); }
.channel-name { font-weight: 900; font-size: 18px; }
.channel-note { color: var(--muted); font-size: 13px; }
.summary { margin: 12px 20px 4px; padding: 8px 12px; border-radius: 6px; background: #f8f8f8; color: var(--muted); font-size: 13px; }
.summary div:first-child { color: var(--ink); font-weight: 700; }
.messages { padding: 8px 0 24px; }
.empty { padding: 8px 20px; color: var(--muted); }
.message { display: flex; gap: 8px; padding: 8px 20px; }
.message:hover { background: #f8f8f8; }
.avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; background: #3f0e40; color: #fff;
  font-weight: 900; font-size: 18px; line-height: 36px; text-align: center; }
.message-content { min-width: 0; flex: 1; }
.message-meta { display: flex; align-items: baseline; gap: 6px; line-height: 1.2; margin-bottom: 4px; }
.sender { font-weight: 900; }
.app-badge { font-size: 10px; font-weight: 700; color: var(--muted); background: rgba(29, 28, 29, 0.06); border-radius: 2px; padding: 1px 3px; }
time { color: var(--muted); font-size: 12px; }
.file-name { margin-left: auto; color: #b0b0b0; font-size: 11px; font-family: Monaco, Menlo, Consolas, "Courier New", monospace; }
.message-body { display: flex; gap: 12px; }
.severity-bar { flex: none; width: 4px; border-radius: 8px; background: var(--info); }
.severity-critical .severity-bar { background: var(--critical); }
.severity-high .severity-bar { background: var(--high); }
.severity-medium .severity-bar { background: var(--medium); }
.severity-low .severity-bar { background: var(--low); }
.blocks { min-width: 0; flex: 1; }
.block { margin: 4px 0; overflow-wrap: anywhere; }
.block.header { font-size: 18px; font-weight: 900; line-height: 1.33; margin: 2px 0 6px; }
.block.section { display: flex; gap: 12px; }
.section-main { flex: 1; min-width: 0; }
.fields { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px 16px; margin-top: 6px; }
.block.context { display: flex; flex-wrap: wrap; gap: 4px 8px; color: var(--muted); font-size: 12px; line-height: 1.5; }
.block.context code { font-size: 11px; }
.block.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
.block.divider { border: 0; border-top: 1px solid var(--line); margin: 8px 0; }
.button, .select { display: inline-flex; align-items: center; height: 28px; padding: 0 12px; border-radius: 4px;
  border: 1px solid rgba(29, 28, 29, 0.3); background: #fff; color: var(--ink); font-size: 13px; font-weight: 700;
  text-decoration: none; white-space: nowrap; cursor: default; }
.button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.button.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
a.button { cursor: pointer; }
.select { font-weight: 400; color: var(--muted); gap: 16px; }
.caret { color: var(--ink); }
code { color: var(--code); background: rgba(29, 28, 29, 0.04); border: 1px solid var(--line); border-radius: 3px;
  padding: 0 3px; font-size: 12px; line-height: 1.5; font-family: Monaco, Menlo, Consolas, "Courier New", monospace; }
pre { margin: 4px 0; padding: 8px; background: rgba(29, 28, 29, 0.04); border: 1px solid var(--line); border-radius: 4px;
  font-size: 12px; line-height: 1.5; white-space: pre-wrap; font-family: Monaco, Menlo, Consolas, "Courier New", monospace; }
a { color: #1264a3; text-decoration: none; }
.mention { color: #1264a3; background: rgba(29, 155, 209, 0.1); border-radius: 3px; padding: 0 2px; }
.emoji { font-family: "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji", sans-serif; }
.image-placeholder { color: var(--muted); font-style: italic; }
.unsupported { color: var(--muted); font-style: italic; border: 1px dashed var(--line); padding: 4px 8px; border-radius: 4px; }
blockquote { margin: 4px 0; padding-left: 12px; border-left: 4px solid #ddd; }
`;
