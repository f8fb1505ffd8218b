// The shop's page (seed 004): plain fetch() calls to the JSON API (common.js) and a live channel to /order-events.
'use strict';

const money = (amount) => amount === null || amount === undefined ? '—' : Number(amount).toFixed(2);
const state = { user: null, products: [], lines: [], orders: new Map(), live: null };

async function refreshMe() {
  const answer = await api('GET', '/auth/me');
  state.user = answer.status === 200 ? answer.body : null;
  $('me').textContent = state.user ? 'Logged in as ' + state.user.email + ' (' + state.user.role + ')' : 'Not logged in.';
  $('logout').hidden = !state.user;
  $('shop').hidden = !state.user;
  $('auth').hidden = !!state.user;
  $('product-form').hidden = !(state.user && state.user.role === 'seller');
  if (state.user) {
    state.admin = (await api('GET', '/admin/api/me')).status === 200;
    connectLive();
    await Promise.all([loadProducts(), loadOrders()]);
  } else {
    disconnectLive();
  }
}

wireAccountForms(refreshMe);

$('logout').addEventListener('click', async () => {
  await api('POST', '/auth/logout');
  state.orders.clear();
  renderOrders();
  await refreshMe();
});

async function loadProducts() {
  const answer = await api('GET', '/product');
  if (answer.status !== 200) return;
  state.products = answer.body.products;
  renderProducts();
}

function renderProducts() {
  $('products').replaceChildren(...state.products.map((p) => {
    const item = document.createElement('li');
    item.textContent = p.name + ' — ' + money(p.price);
    return item;
  }));
  // A product added by anyone re-renders the list: the customer's choice stays chosen.
  const chosen = $('order-product').value;
  $('order-product').replaceChildren(...state.products.map((p) => {
    const option = document.createElement('option');
    option.value = p.id;
    option.textContent = p.name + ' (' + money(p.price) + ')';
    option.selected = p.id === chosen;
    return option;
  }));
}

$('product-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const answer = await api('POST', '/product', { name: $('product-name').value, price: Number($('product-price').value) });
  if (answer.status === 201) {
    say('product-result', 'Added ' + answer.body.name + '.', true);
    $('product-name').value = '';
    // The catalog view catches up with the event a moment later: look again until it shows the product.
    for (let tries = 0; tries < 50; tries++) {
      await loadProducts();
      if (state.products.some((p) => p.id === answer.body.id)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } else {
    say('product-result', problem(answer), false);
  }
});

$('order-add').addEventListener('click', () => {
  const product = state.products.find((p) => p.id === $('order-product').value);
  if (!product) return;
  state.lines.push({ productId: product.id, price: product.price });
  const item = document.createElement('li');
  item.textContent = product.name + ' — ' + money(product.price);
  $('order-lines').appendChild(item);
});

$('order-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const answer = await api('POST', '/order', { products: state.lines });
  if (answer.status === 202) {
    say('order-result', 'Order accepted; watch it below.', true);
    const correlationId = answer.headers.get('X-Correlation-Id');
    if (state.admin && correlationId) {
      const trace = document.createElement('a');
      trace.href = '/admin#/chain/' + encodeURIComponent(correlationId);
      trace.id = 'order-trace';
      trace.textContent = ' Its chain (' + correlationId + ')';
      $('order-result').append(trace);
    }
    state.lines = [];
    $('order-lines').replaceChildren();
  } else {
    say('order-result', problem(answer), false);
  }
});

async function loadOrders() {
  const answer = await api('GET', '/order?limit=50');
  if (answer.status !== 200) return;
  answer.body.orders.forEach(upsertOrder);
  renderOrders();
}

// A change may arrive by the live channel before or after the list: keep the newest version.
function upsertOrder(order) {
  const known = state.orders.get(order.id);
  if (!known || order.version >= known.version) state.orders.set(order.id, order);
}

function renderOrders() {
  const rows = [...state.orders.values()].sort((a, b) => b.position - a.position).map((order) => {
    const row = document.createElement('tr');
    row.dataset.orderId = order.id;
    const cells = [order.number ?? '—', new Date(order.createdAt).toLocaleTimeString(),
      order.lines.map((l) => l.name || l.productId).join(', '), money(order.total), order.status];
    cells.forEach((value, i) => {
      const cell = document.createElement('td');
      cell.textContent = value;
      if (i === 4) {
        cell.className = 'status status-' + order.status;
        if (order.reason) cell.title = order.reason;
        if (order.reason) cell.textContent = order.status + ': ' + order.reason;
      }
      row.appendChild(cell);
    });
    const trace = document.createElement('td');
    if (state.admin) {
      // the order's causal chain in the admin portal: from its command stream's first message
      const chain = document.createElement('a');
      chain.href = '/admin#/chain?stream=' + encodeURIComponent('order:command-' + order.id);
      chain.className = 'chain-link';
      chain.textContent = 'chain';
      trace.appendChild(chain);
    }
    row.appendChild(trace);
    return row;
  });
  document.querySelector('#orders tbody').replaceChildren(...rows);
}

function onOrderEvent(order) {
  upsertOrder(order);
  renderOrders();
}

// WebSocket first; Server-Sent Events when the socket cannot open.
function connectLive() {
  if (state.live) return;
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/order-events';
  const socket = new WebSocket(url);
  let opened = false;
  state.live = socket;
  socket.onopen = () => { opened = true; setLive(true, 'WebSocket'); loadOrders(); };
  socket.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === 'order') onOrderEvent(event.data);
  };
  socket.onclose = () => {
    if (state.live !== socket) return;
    state.live = null;
    setLive(false);
    if (!opened) { connectSse(); return; }
    if (state.user) setTimeout(connectLive, 1000);
  };
}

function connectSse() {
  const source = new EventSource('/order-events');
  state.live = source;
  source.onopen = () => { setLive(true, 'SSE'); loadOrders(); };
  source.addEventListener('order', (message) => onOrderEvent(JSON.parse(message.data)));
  source.onerror = () => setLive(false);
}

function disconnectLive() {
  const live = state.live;
  state.live = null;
  if (live) live.close();
  setLive(false);
}

// The product list follows new products as they are added, by anyone (Server-Sent Events; the browser reconnects).
function followProducts() {
  const source = new EventSource('/product-events');
  source.addEventListener('product', (message) => {
    const product = JSON.parse(message.data);
    if (state.products.some((p) => p.id === product.id)) return;
    state.products.push(product);
    state.products.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    renderProducts();
  });
}

followProducts();
refreshMe();
