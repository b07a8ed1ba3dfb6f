/**
 * The console's browser script (plain ES2020, no build step, no framework). It keeps the bearer
 * token in sessionStorage, sends it on every API call, and reads the board's Server-Sent Events
 * through fetch (EventSource cannot send an Authorization header). Countdowns tick locally from
 * the server's `now`, so the browser's own clock does not matter.
 *
 * Written without template literals so it can live in this String.raw.
 */
export const CONSOLE_SCRIPT = String.raw`
(function () {
  'use strict';
  var config = window.CHUISHAO_CONSOLE;
  var labels = config.labels;
  var state = {
    token: sessionStorage.getItem('chuishao.token'),
    lang: localStorage.getItem('chuishao.lang') || 'zh',
    offsetMs: 0,
    warningSeconds: 600,
    stream: null,
    casePoll: null,
    sent: {},
  };

  function t(key) {
    var own = labels[state.lang][key];
    if (own !== undefined) return own;
    return labels.en[key] !== undefined ? labels.en[key] : key;
  }
  function eventLabel(type) {
    var own = labels[state.lang]['event.' + type];
    return own !== undefined ? own : type;
  }
  function esc(value) {
    return String(value === null || value === undefined ? '' : value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function when(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return d.toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
  }
  function pct(v) {
    return v === null || v === undefined ? '—' : Math.round(v * 1000) / 10 + '%';
  }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    var sign = seconds < 0 ? '-' : '';
    var s = Math.abs(seconds);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var r = s % 60;
    var mm = (m < 10 ? '0' : '') + m;
    var ss = (r < 10 ? '0' : '') + r;
    return sign + (h > 0 ? h + ':' + mm : m) + ':' + ss;
  }
  function applyLabels() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-label]').forEach(function (el) {
      el.textContent = t(el.getAttribute('data-label'));
    });
  }

  // ---- session ----
  function signedIn(token) {
    state.token = token;
    sessionStorage.setItem('chuishao.token', token);
    return api('/api/session/me').then(function (me) {
      document.getElementById('who').textContent = me.role + ' · ' + me.subject;
      document.getElementById('signin').hidden = true;
      document.getElementById('sign-out').hidden = false;
      route();
    });
  }
  function signOut(message) {
    state.token = null;
    sessionStorage.removeItem('chuishao.token');
    stopStream();
    document.getElementById('who').textContent = '';
    document.getElementById('sign-out').hidden = true;
    document.getElementById('view').innerHTML = '';
    document.getElementById('signin').hidden = false;
    document.getElementById('dev-form').hidden = !config.devSignIn;
    document.getElementById('signin-error').textContent = message || '';
  }
  function api(path, options) {
    options = options || {};
    var headers = Object.assign({ authorization: 'Bearer ' + state.token }, options.headers || {});
    if (options.body) headers['content-type'] = 'application/json';
    return fetch(path, { method: options.method || 'GET', headers: headers, body: options.body }).then(function (response) {
      return response.text().then(function (text) {
        var body = text ? JSON.parse(text) : null;
        if (response.status === 401) {
          signOut(body && body.message);
          throw new Error('signed out');
        }
        if (!response.ok) {
          var error = new Error((body && body.message) || response.statusText);
          error.status = response.status;
          error.body = body;
          throw error;
        }
        return body;
      });
    });
  }

  // ---- routing ----
  function route() {
    if (!state.token) return signOut();
    stopStream();
    if (state.casePoll) clearInterval(state.casePoll);
    state.casePoll = null;
    var hash = location.hash || '#/board';
    var parts = hash.replace(/^#\//, '').split('/');
    document.querySelectorAll('[data-nav]').forEach(function (a) {
      a.classList.toggle('active', a.getAttribute('data-nav') === parts[0]);
    });
    if (parts[0] === 'cases' && parts[1]) return showCase(parts[1]);
    if (parts[0] === 'cases') return showCases();
    if (parts[0] === 'scorecards') return showScorecards();
    return showBoard();
  }
  function failed(error) {
    if (error.message === 'signed out') return;
    var text = error.status === 404 ? t('notFound') : error.status === 403 ? t('forbidden') : error.message;
    document.getElementById('view').innerHTML = '<section class="panel"><p id="view-error">' + esc(text) + '</p></section>';
  }

  // ---- the live board ----
  function showBoard() {
    document.getElementById('view').innerHTML = '<p class="muted">…</p>';
    var controller = new AbortController();
    state.stream = controller;
    readStream(controller, 0);
  }
  function stopStream() {
    if (state.stream) state.stream.abort();
    state.stream = null;
    document.getElementById('stream-state').textContent = '';
  }
  function readStream(controller, attempt) {
    fetch('/api/board/stream', { headers: { authorization: 'Bearer ' + state.token }, signal: controller.signal })
      .then(function (response) {
        if (response.status === 401) return signOut();
        if (!response.ok) {
          var error = new Error(response.statusText);
          error.status = response.status;
          throw error;
        }
        document.getElementById('stream-state').textContent = '● ' + t('live');
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = '';
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) throw new Error('stream ended');
            buffer += decoder.decode(chunk.value, { stream: true });
            var boundary;
            while ((boundary = buffer.indexOf('\n\n')) >= 0) {
              var block = buffer.slice(0, boundary);
              buffer = buffer.slice(boundary + 2);
              var data = block
                .split('\n')
                .filter(function (line) { return line.indexOf('data:') === 0; })
                .map(function (line) { return line.slice(5).replace(/^ /, ''); })
                .join('\n');
              if (data) renderBoard(JSON.parse(data));
            }
            attempt = 0;
            return pump();
          });
        }
        return pump();
      })
      .catch(function (error) {
        if (controller.signal.aborted || state.stream !== controller) return;
        if (error.status === 403) return failed(error);
        document.getElementById('stream-state').textContent = t('offline');
        setTimeout(function () {
          if (state.stream === controller) readStream(controller, attempt + 1);
        }, Math.min(10000, 500 * Math.pow(2, attempt)));
      });
  }
  function tile(label, value, id) {
    return '<div class="tile" id="' + id + '"><span class="muted">' + esc(t(label)) + '</span><b>' + esc(value) + '</b></div>';
  }
  function renderBoard(board) {
    state.offsetMs = Date.parse(board.now) - Date.now();
    state.warningSeconds = board.warningSeconds;
    var html = '<div class="tiles">' +
      tile('openWhistles', board.counts.openWhistles, 'count-open-whistles') +
      tile('openBreaches', board.counts.openBreaches, 'count-open-breaches') +
      tile('openEscalations', board.counts.openEscalations, 'count-open-escalations') +
      tile('totalCases', board.counts.cases, 'count-cases') + '</div>';

    html += '<section class="panel" id="escalations"><h2>' + esc(t('openEscalations')) + '</h2>';
    if (board.escalations.length === 0) html += '<p class="muted" id="no-escalations">' + esc(t('noEscalations')) + '</p>';
    else {
      html += '<table><tr><th>' + esc(t('case')) + '</th><th>' + esc(t('department')) + '</th><th>' + esc(t('level')) +
        '</th><th>' + esc(t('target')) + '</th><th>' + esc(t('raisedAt')) + '</th><th></th></tr>';
      board.escalations.forEach(function (e) {
        var sent = state.sent[e.escalationId];
        html += '<tr data-escalation-row="' + esc(e.escalationId) + '"><td><a href="#/cases/' + esc(e.caseId) + '">' + esc(e.caseNo || e.caseId) +
          '</a></td><td>' + esc(e.departmentName) + '</td><td>' + esc(e.level) + '</td><td>' + esc(e.target.kind) + ' ' + esc(e.target.id) +
          '</td><td>' + esc(when(e.raisedAt)) + '</td><td><button class="ack" type="button" data-escalation-id="' + esc(e.escalationId) + '"' +
          (sent ? ' disabled>' + esc(t('acknowledgeSent')) : '>' + esc(t('acknowledge'))) + '</button></td></tr>';
      });
      html += '</table>';
    }
    html += '</section>';

    html += '<section class="panel" id="whistles"><h2>' + esc(t('openWhistles')) + '</h2>';
    if (board.whistles.length === 0) html += '<p class="muted">' + esc(t('noOpenWhistles')) + '</p>';
    board.whistles.forEach(function (w) {
      html += '<h3 data-whistle-id="' + esc(w.whistleId) + '"><a href="#/cases/' + esc(w.caseId) + '">' + esc(w.caseNo || w.caseId) + '</a> <span class="muted">' +
        esc(t('center')) + ': ' + esc(w.centerId) + ' · ' + esc(t('blownAt')) + ': ' + esc(when(w.blownAt)) + '</span></h3>';
      html += summonsTable(w.summons);
    });
    html += '</section>';

    html += '<section class="panel" id="breaches"><h2>' + esc(t('breaches')) + '</h2><table><tr><th>' + esc(t('case')) + '</th><th>' +
      esc(t('department')) + '</th><th>' + esc(t('deadline')) + '</th><th>' + esc(t('breachedAt')) + '</th><th>' + esc(t('status')) + '</th></tr>';
    board.breaches.forEach(function (b) {
      html += '<tr data-breach-id="' + esc(b.breachId) + '"><td><a href="#/cases/' + esc(b.caseId) + '">' + esc(b.caseNo || b.caseId) + '</a></td><td>' +
        esc(b.departmentName) + '</td><td>' + esc(when(b.arrivalDeadline)) + '</td><td>' + esc(when(b.breachedAt)) + '</td><td><span class="badge ' +
        esc(b.state) + '">' + esc(t('breach.' + b.state)) + '</span>' + (b.latenessSeconds !== null ? ' ' + esc(t('lateness')) + ' ' + esc(duration(b.latenessSeconds)) : '') + '</td></tr>';
    });
    html += '</table></section>';
    document.getElementById('view').innerHTML = html;
    tick();
  }
  function summonsTable(summons) {
    var html = '<table><tr><th>' + esc(t('department')) + '</th><th>' + esc(t('deadline')) + '</th><th>' + esc(t('remaining')) + '</th><th>' + esc(t('status')) + '</th></tr>';
    summons.forEach(function (s) {
      html += '<tr class="signal-' + esc(s.signal) + '" data-summons-id="' + esc(s.summonsId) + '" data-signal="' + esc(s.signal) + '" data-status="' +
        esc(s.status) + '" data-warned="' + (s.warned ? 'true' : 'false') + '" data-deadline="' + esc(s.deadline) + '"><td>' + esc(s.departmentName) +
        '</td><td>' + esc(when(s.deadline)) + '</td><td class="countdown">' + esc(duration(s.remainingSeconds)) + '</td><td><span class="badge ' + esc(s.status) + '">' +
        esc(t('status.' + s.status)) + '</span></td></tr>';
    });
    return html + '</table>';
  }
  var DONE = { arrived: true, arrived_late: true, reassigned: true, declined: true };
  /** The same rule as the server's countdownSignal, run every tick on the local copy of the server clock. */
  function tick() {
    var now = Date.now() + state.offsetMs;
    document.querySelectorAll('tr[data-deadline]').forEach(function (row) {
      var status = row.getAttribute('data-status');
      var remaining = Math.floor((Date.parse(row.getAttribute('data-deadline')) - now) / 1000);
      var signal = DONE[status] ? 'done' : status === 'breached' || remaining <= 0 ? 'red'
        : row.getAttribute('data-warned') === 'true' || remaining <= state.warningSeconds ? 'amber' : 'green';
      row.setAttribute('data-signal', signal);
      row.className = 'signal-' + signal;
      var cell = row.querySelector('td.countdown');
      if (cell) cell.textContent = DONE[status] ? '—' : duration(remaining);
    });
  }
  setInterval(tick, 250);

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[data-escalation-id]');
    if (!button || button.disabled) return;
    var id = button.getAttribute('data-escalation-id');
    button.disabled = true;
    button.textContent = t('acknowledging');
    // One key per escalation: a double click or a retry never acknowledges twice.
    api('/api/escalations/' + encodeURIComponent(id) + '/acknowledge', {
      method: 'POST',
      headers: { 'idempotency-key': 'console-ack-' + id },
      body: JSON.stringify({}),
    }).then(function () {
      state.sent[id] = true;
      button.textContent = t('acknowledgeSent');
    }).catch(function (error) {
      button.disabled = false;
      button.textContent = t('acknowledge') + ' (' + (error.status || '') + ' ' + ((error.body && error.body.code) || error.message) + ')';
    });
  });

  // ---- cases ----
  function showCases() {
    api('/api/cases').then(function (result) {
      var html = '<section class="panel"><h2>' + esc(t('cases')) + '</h2><table><tr><th>' + esc(t('case')) + '</th><th>' + esc(t('center')) +
        '</th><th>' + esc(t('disputeType')) + '</th><th>' + esc(t('status')) + '</th><th>' + esc(t('at')) + '</th></tr>';
      result.items.forEach(function (c) {
        html += '<tr data-case-id="' + esc(c.caseId) + '"><td><a href="#/cases/' + esc(c.caseId) + '">' + esc(c.caseNo || c.caseId) + '</a></td><td>' +
          esc(c.centerName || c.centerId) + '</td><td>' + esc(c.disputeType) + '</td><td>' + esc(c.status ? t('case.' + c.status) : '') + '</td><td>' +
          esc(when(c.lastEventAt)) + '</td></tr>';
      });
      document.getElementById('view').innerHTML = html + '</table></section>';
    }).catch(failed);
  }
  function showCase(caseId) {
    function load() {
      return api('/api/cases/' + encodeURIComponent(caseId)).then(renderCase).catch(failed);
    }
    load();
    state.casePoll = setInterval(load, 5000);
  }
  function renderCase(c) {
    state.offsetMs = Date.parse(c.now) - Date.now();
    var html = '<section class="panel" id="case-header"><h2>' + esc(t('case')) + ' ' + esc(c.caseNo || c.caseId) + ' <span class="badge" id="case-status">' +
      esc(c.status ? t('case.' + c.status) : '') + '</span></h2><p>' + esc(t('center')) + ': ' + esc(c.centerName || c.centerId) + ' · ' +
      esc(t('disputeType')) + ': ' + esc(c.disputeType) + ' · ' + esc(t('urgency')) + ': ' + esc(c.urgency) + '</p><p>' + esc(c.summary) + '</p></section>';
    html += '<section class="panel"><h2>' + esc(t('summons')) + '</h2>' + summonsTable(c.summons) + '</section>';
    html += '<section class="panel"><h2>' + esc(t('timeline')) + '</h2><ol class="timeline" id="timeline">';
    c.timeline.forEach(function (e) {
      html += '<li data-event-type="' + esc(e.type) + '" data-event-id="' + esc(e.eventId) + '"><span class="when">' + esc(when(e.occurredAt)) + '</span><b>' +
        esc(eventLabel(e.type)) + '</b> <span class="muted">' + esc(e.actor.role) + ' · ' + esc(e.actor.id) + '</span><div>' + esc(e.summary) + '</div></li>';
    });
    document.getElementById('view').innerHTML = html + '</ol></section>';
    tick();
  }

  // ---- scorecards ----
  function showScorecards() {
    var html = '<section class="panel"><h2>' + esc(t('scorecards')) + '</h2><form id="period-form">' +
      '<select id="group-by"><option value="department">' + esc(t('byDepartment')) + '</option><option value="center">' + esc(t('byCenter')) + '</option></select> ' +
      '<label>' + esc(t('period')) + ' <select id="period"><option value="7">' + esc(t('last7')) + '</option><option value="30" selected>' + esc(t('last30')) +
      '</option><option value="90">' + esc(t('last90')) + '</option><option value="custom">…</option></select></label> ' +
      '<label>' + esc(t('from')) + ' <input type="date" id="period-from"></label> <label>' + esc(t('to')) + ' <input type="date" id="period-to"></label> ' +
      '<button type="submit">' + esc(t('apply')) + '</button></form></section><div id="scorecard-result"></div>';
    document.getElementById('view').innerHTML = html;
    document.getElementById('period-form').addEventListener('submit', function (event) {
      event.preventDefault();
      loadScorecards();
    });
    loadScorecards();
  }
  function loadScorecards() {
    var groupBy = document.getElementById('group-by').value;
    var period = document.getElementById('period').value;
    var query = '?groupBy=' + groupBy;
    if (period === 'custom') {
      var from = document.getElementById('period-from').value;
      var to = document.getElementById('period-to').value;
      if (from) query += '&from=' + from + 'T00:00:00Z';
      if (to) query += '&to=' + to + 'T00:00:00Z';
    } else {
      query += '&from=' + new Date(Date.now() + state.offsetMs - Number(period) * 86400000).toISOString();
    }
    api('/api/scorecards' + query).then(function (result) {
      var keys = ['responseRate', 'onTimeArrivalRate', 'mediationSuccessRate', 'onSiteResolutionRate', 'confirmationRate'];
      var html = '<section class="panel"><table id="scorecard-table"><tr><th>' + esc(groupBy === 'center' ? t('center') : t('department')) + '</th><th>' +
        esc(t('summoned')) + '</th>';
      keys.forEach(function (k) { html += '<th>' + esc(t(k)) + '</th>'; });
      html += '<th>' + esc(t('p50')) + '</th><th>' + esc(t('p90')) + '</th></tr>';
      result.items.forEach(function (s) {
        html += '<tr data-scorecard-id="' + esc(s.id) + '"><td>' + esc(s.name) + '</td><td>' + esc(s.summoned) + '</td>';
        keys.forEach(function (k) { html += '<td>' + esc(pct(s[k])) + '</td>'; });
        html += '<td>' + esc(duration(s.timeToArriveSeconds.p50)) + '</td><td>' + esc(duration(s.timeToArriveSeconds.p90)) + '</td></tr>';
      });
      html += '</table><p class="muted">' + esc(when(result.from)) + ' – ' + esc(when(result.to)) + '</p></section><section class="panel charts">';
      // The charts are SVG drawn (and escaped) by the server.
      keys.forEach(function (k) { html += '<div class="chart" data-chart="' + k + '">' + result.charts[k] + '</div>'; });
      document.getElementById('scorecard-result').innerHTML = html + '</section>';
    }).catch(failed);
  }

  // ---- wiring ----
  document.getElementById('language').addEventListener('click', function () {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('chuishao.lang', state.lang);
    applyLabels();
    if (state.token) route();
  });
  document.getElementById('sign-out').addEventListener('click', function () { signOut(); });
  document.getElementById('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    signedIn(document.getElementById('token-input').value.trim().replace(/^Bearer\s+/i, '')).catch(function () {});
  });
  document.getElementById('dev-form').addEventListener('submit', function (event) {
    event.preventDefault();
    fetch('/api/session/dev-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: document.getElementById('dev-role').value }),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.message || response.statusText);
        return signedIn(body.token);
      });
    }).catch(function (error) {
      document.getElementById('signin-error').textContent = error.message;
    });
  });
  window.addEventListener('hashchange', route);
  applyLabels();
  if (state.token) signedIn(state.token).catch(function () {});
  else signOut();
})();
`;
