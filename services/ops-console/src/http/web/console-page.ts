import { LABELS } from './labels';

const STYLE = `
  body { font-family: system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0; color: #222; background: #f6f7f9; }
  header { display: flex; gap: 16px; align-items: center; padding: 10px 20px; background: #1f3a5f; color: #fff; }
  header h1 { font-size: 18px; margin: 0 16px 0 0; }
  header a { color: #fff; text-decoration: none; padding: 4px 8px; border-radius: 4px; }
  header a.active { background: rgba(255,255,255,.2); }
  header .spacer { flex: 1; }
  header button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.5); border-radius: 4px; padding: 3px 8px; cursor: pointer; }
  main, #signin { padding: 16px 20px; }
  section.panel { background: #fff; border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h2 { font-size: 16px; margin: 0 0 10px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eee; font-size: 14px; }
  .tiles { display: flex; gap: 12px; margin-bottom: 16px; }
  .tile { background: #fff; border-radius: 6px; padding: 10px 16px; min-width: 120px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  .tile b { display: block; font-size: 24px; }
  tr.signal-green td.countdown { color: #2e7d32; font-weight: bold; }
  tr.signal-amber { background: #fff4d6; }
  tr.signal-amber td.countdown { color: #b26a00; font-weight: bold; }
  tr.signal-red { background: #fde0e0; }
  tr.signal-red td.countdown { color: #c62828; font-weight: bold; }
  tr.signal-done td { color: #777; }
  .badge { display: inline-block; padding: 1px 6px; border-radius: 8px; background: #e3e7ee; font-size: 12px; }
  .badge.breached, .badge.open { background: #c62828; color: #fff; }
  .muted { color: #777; font-size: 13px; }
  ol.timeline { list-style: none; padding: 0; }
  ol.timeline li { border-left: 3px solid #1f3a5f; padding: 4px 10px; margin: 0 0 6px; background: #fff; }
  ol.timeline li .when { color: #777; font-size: 12px; margin-right: 8px; }
  .charts { display: flex; flex-wrap: wrap; gap: 16px; }
  button.ack { background: #c62828; color: #fff; border: 0; border-radius: 4px; padding: 4px 10px; cursor: pointer; }
  button.ack:disabled { background: #999; }
  #stream-state { font-size: 12px; }
`;

/**
 * The console's one page: a shell with no data in it (it is public); the script signs in and
 * fetches everything from the API with the bearer token.
 */
export function consolePage(options: { devSignIn: boolean }): string {
  const config = JSON.stringify({ devSignIn: options.devSignIn, labels: LABELS }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>吹哨报到 · chuishao ops console</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1 data-label="title"></h1>
  <nav>
    <a href="#/board" data-nav="board" data-label="board"></a>
    <a href="#/cases" data-nav="cases" data-label="cases"></a>
    <a href="#/scorecards" data-nav="scorecards" data-label="scorecards"></a>
  </nav>
  <span class="spacer"></span>
  <span id="stream-state"></span>
  <span id="who"></span>
  <button id="language" type="button" data-label="language"></button>
  <button id="sign-out" type="button" data-label="signOut" hidden></button>
</header>
<section id="signin" hidden>
  <section class="panel">
    <h2 data-label="signIn"></h2>
    <p class="muted" data-label="signInHelp"></p>
    <form id="token-form">
      <textarea id="token-input" rows="3" cols="80" aria-label="token"></textarea><br>
      <button type="submit" data-label="useToken"></button>
    </form>
    <form id="dev-form" hidden>
      <label><span data-label="role"></span>
        <select id="dev-role">
          <option value="supervisor">supervisor 督查</option>
          <option value="ops">ops 运维</option>
          <option value="operator">operator 调度</option>
          <option value="mediator">mediator 调解员</option>
        </select>
      </label>
      <button type="submit" id="dev-sign-in" data-label="devSignIn"></button>
    </form>
    <p id="signin-error" class="muted"></p>
  </section>
</section>
<main id="view"></main>
<script>window.CHUISHAO_CONSOLE = ${config};</script>
<script src="/console.js"></script>
</body>
</html>`;
}
