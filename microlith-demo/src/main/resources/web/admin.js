// The admin portal: a page per address fragment (#/store, #/category/..., #/stream/..., #/message/..., #/chain/...,
// #/consumers, #/parked, #/views), each drawn from the JSON API at /admin/api/*.
'use strict';

const admin = { timer: null, selected: null, pending: null };
const enc = encodeURIComponent;

function el(name, attributes, ...children) {
  const e = document.createElement(name);
  Object.entries(attributes || {}).forEach(([k, v]) => { if (v !== undefined && v !== null) e.setAttribute(k, v); });
  children.flat(Infinity).forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(c === null || c === undefined ? '' : String(c))));
  return e;
}

const link = (href, text, className) => el('a', { href, class: className }, text);
const card = (...children) => el('div', { class: 'card' }, ...children);

function table(headers, rows, id) {
  return el('table', { id }, el('thead', {}, el('tr', {}, headers.map((h) => el('th', { class: h.num ? 'num' : null }, h.text || h)))),
    el('tbody', {}, rows));
}

function row(cells, attributes) {
  return el('tr', attributes || {}, cells.map((c) => c instanceof Node && c.tagName === 'TD' ? c : el('td', {}, c)));
}

const num = (value) => el('td', { class: 'num' }, value === null || value === undefined ? '—' : String(value));
const time = (iso) => iso ? new Date(iso).toLocaleString() : '—';

async function start() {
  const me = await whoAmI();
  onLogout(() => location.reload());
  const answer = await api('GET', '/admin/api/me');
  $('gate-login').hidden = !!me;
  if (answer.status === 200) return openPortal();
  if (!me) return;
  if (answer.status === 403 && (answer.body.message || '').includes('code')) {
    $('code-form').hidden = false;
  } else {
    $('gate-forbidden').hidden = false;
    $('gate-forbidden').textContent = problem(answer);
  }
}

$('code-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const answer = await api('POST', '/admin/api/confirm', { code: $('code-input').value });
  if (answer.status === 200) {
    $('code-form').hidden = true;
    openPortal();
  } else {
    say('code-result', problem(answer), false);
  }
});

function openPortal() {
  $('portal').hidden = false;
  window.addEventListener('hashchange', route);
  $('chain-form').addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = '#/chain/' + enc($('chain-input').value.trim());
  });
  route();
}

// The page of the address fragment; a page that refreshes itself sets admin.timer, cleared on the next route.
async function route() {
  clearInterval(admin.timer);
  admin.timer = null;
  $('confirm').hidden = true;
  say('action-result', '', true);
  const hash = location.hash || '#/store';
  const [path, query] = hash.slice(2).split('?');
  const parts = path.split('/').map(decodeURIComponent);
  const params = new URLSearchParams(query || '');
  document.querySelectorAll('.tabs a').forEach((a) => a.classList.toggle('current', a.dataset.tab === parts[0]));
  const pages = { store: storePage, category: categoryPage, stream: streamPage, message: messagePage, chain: chainPage,
    consumers: consumersPage, consumer: consumersPage, parked: parkedPage, views: viewsPage };
  const page = pages[parts[0]] || storePage;
  await page(parts.slice(1), params);
}

function show(...children) {
  $('page').replaceChildren(...children);
}

async function load(path) {
  const answer = await api('GET', path);
  if (answer.status !== 200) {
    show(card(el('p', { class: 'result error' }, problem(answer))));
    return null;
  }
  return answer.body;
}

async function storePage() {
  const body = await load('/admin/api/categories');
  if (!body) return;
  show(card(el('h2', {}, 'Categories'), el('p', { class: 'muted' }, 'Global position of the newest message: ' + body.head),
    table(['Category', { text: 'Messages', num: true }, { text: 'Streams', num: true }, 'Newest message'],
      body.categories.map((c) => row([el('td', {}, link('#/category/' + enc(c.category), c.category)), num(c.messages),
        num(c.streams), time(c.lastTime)])), 'categories')));
}

async function categoryPage([category], params) {
  const before = params.get('before');
  const body = await load('/admin/api/categories/' + enc(category) + '/streams?limit=50' + (before ? '&before=' + before : ''));
  if (!body) return;
  show(card(el('h2', {}, 'Streams of ' + category), el('p', {}, link('#/store', '← categories')),
    table(['Stream', { text: 'Messages', num: true }, { text: 'Version', num: true }, 'Last written'],
      body.streams.map((s) => row([el('td', {}, link('#/stream/' + enc(s.streamName), s.streamName)), num(s.messages),
        num(s.version), time(s.lastTime)])), 'streams'),
    body.next ? el('p', {}, link('#/category/' + enc(category) + '?before=' + body.next, 'Older streams →')) : ''));
}

async function streamPage([stream], params) {
  const from = Number(params.get('from') || 0);
  const body = await load('/admin/api/streams/' + enc(stream) + '/messages?limit=20&from=' + from);
  if (!body) return;
  const category = stream.split('-')[0];
  const pager = el('p', {}, from > 0 ? link('#/stream/' + enc(stream) + '?from=' + Math.max(0, from - 20), '← earlier') : '',
    ' ', body.next !== null ? link('#/stream/' + enc(stream) + '?from=' + body.next, 'later →') : '');
  show(card(el('h2', {}, stream), el('p', {}, link('#/category/' + enc(category), '← ' + category), ' · version ' + body.version),
    table([{ text: 'Position', num: true }, { text: 'Global', num: true }, 'Type', 'Written', 'Chain'],
      body.messages.map((m) => row([num(m.position), num(m.globalPosition),
        el('td', {}, link('#/message/' + m.id, m.type, 'message-link')), time(m.time),
        el('td', {}, m.correlationId ? link('#/chain/' + enc(m.correlationId), 'chain', 'chain-link') : '—')])), 'messages'),
    pager));
}

async function messagePage([id]) {
  const m = await load('/admin/api/messages/' + enc(id));
  if (!m) return;
  const fields = [['Id', m.id], ['Type', m.type], ['Stream', link('#/stream/' + enc(m.stream), m.stream)],
    ['Position', m.position], ['Global position', m.globalPosition], ['Written', time(m.time)],
    ['Correlation', m.correlationId ? link('#/chain/' + enc(m.correlationId), m.correlationId, 'chain-link') : '—'],
    ['Caused by', m.causationId ? link('#/message/' + m.causationId, m.causationId) : '—']];
  show(card(el('h2', {}, m.type), el('dl', { id: 'message' }, fields.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    el('h3', {}, 'Data'), el('pre', { id: 'message-data' }, JSON.stringify(m.data, null, 2)),
    el('h3', {}, 'Metadata'), el('pre', { id: 'message-metadata' }, JSON.stringify(m.metadata, null, 2))));
}

// The chain of a correlation id, or (?stream=...) of the first message of a stream: e.g. an order's from the shop.
async function chainPage([correlationId], params) {
  let id = correlationId;
  if (!id && params.get('stream')) {
    const first = await load('/admin/api/streams/' + enc(params.get('stream')) + '/messages?limit=1');
    if (!first) return;
    id = first.messages.length ? first.messages[0].correlationId : null;
    if (!id) return show(card(el('p', { class: 'result error' }, 'The first message of that stream has no correlation id.')));
  }
  const tree = await load('/admin/api/correlations/' + enc(id));
  if (!tree) return;
  $('chain-input').value = id;
  show(card(el('h2', {}, 'Correlation ' + id), el('p', { class: 'muted' }, tree.messages + ' messages'
      + (tree.truncated ? ' (the first ones only)' : '') + '; each under the message that caused it, with the time since the first'
      + ' and the consumers of this process that handled it.'),
    el('ul', { class: 'tree', id: 'chain' }, tree.roots.map(chainNode))));
}

function chainNode(node) {
  const m = node.message;
  const badges = node.handledBy.map((h) => el('span', { class: 'badge ' + h.state, title: h.error || h.at || '' },
    h.consumer + ' (' + h.category + ') ' + h.state + (h.micros !== null && h.micros !== undefined ? ' in ' + (h.micros / 1000).toFixed(1) + ' ms' : '')
    + (h.at ? ' at ' + new Date(h.at).toLocaleTimeString() : '')));
  return el('li', { 'data-type': m.type }, el('div', { class: 'node' },
    el('span', { class: 'after' }, '+' + node.afterMs + ' ms'), link('#/message/' + m.id, m.type, 'type'), ' in ',
    link('#/stream/' + enc(m.stream), m.stream), ' · ' + time(m.time), el('div', {}, badges)),
  node.children.length ? el('ul', {}, node.children.map(chainNode)) : '');
}

async function consumersPage(selected) {
  if (selected.length === 2) admin.selected = selected.join('/');
  const draw = async () => {
    const body = await api('GET', '/admin/api/consumers');
    if (body.status !== 200) return show(card(el('p', { class: 'result error' }, problem(body))));
    const consumers = body.body.consumers;
    if (!admin.selected && consumers.length) {
      // the busiest: the most behind, else the fastest, else the furthest along
      const rank = (c) => [c.lag, c.perSecond, c.position];
      const busier = (a, b) => { const [x, y] = [rank(a), rank(b)]; return x[0] !== y[0] ? x[0] > y[0] : x[1] !== y[1] ? x[1] > y[1] : x[2] >= y[2]; };
      const most = consumers.reduce((a, b) => (busier(a, b) ? a : b));
      admin.selected = most.category + '/' + most.name;
    }
    const detail = admin.selected ? await api('GET', '/admin/api/consumers/' + admin.selected.split('/').map(enc).join('/')) : null;
    const chart = svgElement('svg', { id: 'lag-chart', class: 'chart', viewBox: '0 0 600 200', role: 'img' });
    if (detail && detail.status === 200) drawConsumerChart(chart, detail.body.history);
    show(card(el('h2', {}, 'Lag and throughput of ' + (admin.selected || '—')),
      el('p', {}, el('span', { class: 'legend-lag' }, '— lag (messages)'), ' ',
        el('span', { class: 'legend-throughput' }, '— throughput (messages per second)'),
        ' over the last ' + (detail && detail.status === 200 ? Math.round(detail.body.history.length * detail.body.intervalMs / 1000) : 0) + ' s'),
      chart),
    card(el('h2', {}, 'Consumers of this process'), el('p', { class: 'muted' }, 'Store head: ' + body.body.head
        + '. Lag: at most how many messages of its category wait. Updated every 2 s.'),
      table(['Category', 'Consumer', 'State', { text: 'Position', num: true }, { text: 'Head', num: true },
        { text: 'Lag', num: true }, { text: 'Msgs/s', num: true }, { text: 'Parked', num: true }],
      consumers.map((c) => {
        const key = c.category + '/' + c.name;
        return row([c.category, el('td', {}, link('#/consumer/' + enc(c.category) + '/' + enc(c.name), c.name)),
          el('td', { class: 'activity activity-' + c.activity.split(' ')[0], title: c.retrying ? c.retrying.error : (c.lastError || '') },
            c.activity), num(c.position), num(c.head), num(c.lag), num(c.perSecond.toFixed(1)), num(c.parked)],
        { class: key === admin.selected ? 'selected' : null, 'data-consumer': key });
      }), 'consumers')));
  };
  await draw();
  admin.timer = setInterval(draw, 2000);
}

async function parkedPage() {
  const body = await load('/admin/api/parked');
  if (!body) return;
  show(card(el('h2', {}, 'Parked messages'), el('p', { class: 'muted' }, 'Messages a consumer gave up on after its retries. '
      + 'Retry handles one again (and what it held back); skip gives up on it. Both are recorded in the store.'),
    body.parked.length === 0 ? el('p', { id: 'no-parked' }, 'No parked message.') :
      table(['Consumer', 'Message', 'Error', { text: 'Attempts', num: true }, 'Parked', ''],
        body.parked.map((p) => row([p.consumer + ' (' + p.category + ')',
          el('td', {}, link('#/message/' + p.messageId, p.type + ' ' + p.stream + '/' + p.position)),
          el('td', { class: 'error' }, p.error), num(p.attempts), time(p.parkedAt),
          el('td', {}, actionButton('Retry', 'retry', p), actionButton('Skip', 'skip', p))], { 'data-message-id': p.messageId })),
      'parked')));
}

function actionButton(text, action, p) {
  const b = el('button', { type: 'button', class: 'small ' + action }, text);
  b.addEventListener('click', () => ask((action === 'retry' ? 'Retry ' : 'Skip ') + p.type + ' of ' + p.stream
    + ' parked by ' + p.consumer + '? This is recorded in the store as done by you.', async () => {
    const path = '/admin/api/consumers/' + enc(p.category) + '/' + enc(p.consumer) + '/parked/' + p.messageId + '/' + action;
    const answer = await api('POST', path);
    say('action-result', answer.status === 200 ? (action === 'retry' ? 'Retried: handled.' : 'Skipped.') : problem(answer),
      answer.status === 200);
    await parkedPage();
  }));
  return b;
}

// The confirmation before an action: a panel with the question, Confirm and Cancel.
function ask(question, then) {
  $('confirm-text').textContent = question;
  $('confirm').hidden = false;
  admin.pending = then;
}

$('confirm-yes').addEventListener('click', async () => {
  $('confirm').hidden = true;
  const then = admin.pending;
  admin.pending = null;
  if (then) await then();
});
$('confirm-no').addEventListener('click', () => { $('confirm').hidden = true; admin.pending = null; });

async function viewsPage() {
  const draw = async () => {
    const body = await load('/admin/api/views');
    if (!body) return;
    show(card(el('h2', {}, 'Views'), el('p', { class: 'muted' }, 'A view kept in two copies is rebuilt from the store into the '
        + 'copy that does not serve, then switched to: readers go on meanwhile.'),
      body.views.length === 0 ? el('p', {}, 'This process keeps no view in two copies.') :
        table(['View', 'Serving copy', 'Rebuild', ''], body.views.map((v) => {
          const p = v.progress;
          const progress = p ? el('td', {}, el('progress', { max: 1, value: p.fraction }), ' ' + Math.round(p.fraction * 100) + '% · '
            + p.messages + ' messages, global position ' + p.position + ' of ' + p.target + ' · ' + p.elapsedMs + ' ms'
            + (p.done ? ' · done' : '')) : el('td', {}, '—');
          const b = el('button', { type: 'button', class: 'small rebuild' }, v.rebuilding ? 'Rebuilding…' : 'Rebuild');
          if (v.rebuilding) b.disabled = true;
          b.addEventListener('click', () => ask('Rebuild view ' + v.view + ' from the store? The ' + v.active
            + ' copy serves meanwhile; the rebuild is recorded in the store.', async () => {
            const answer = await api('POST', '/admin/api/views/' + enc(v.view) + '/rebuild');
            say('action-result', answer.status === 202 ? 'Rebuilding ' + v.view + '.' : problem(answer), answer.status === 202);
            await draw();
          }));
          return row([v.view, v.active, progress, el('td', {}, b)], { 'data-view': v.view });
        }), 'views')));
  };
  await draw();
  admin.timer = setInterval(draw, 500);
}

start();
