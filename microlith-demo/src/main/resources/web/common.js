// Shared by the pages: the JSON API, messages, the account forms, who is logged in, live channels.
'use strict';

const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = { message: text }; }
  return { status: response.status, headers: response.headers, body: json };
}

function say(id, text, ok) {
  const element = $(id);
  element.textContent = text;
  element.className = 'result ' + (ok ? 'ok' : 'error');
}

function problem(answer) {
  const body = answer.body || {};
  return (body.message || ('HTTP ' + answer.status)) + (body.field ? ' (' + body.field + ')' : '');
}

// The register and log-in forms (#register-form, #login-form): a registered address is filled in to log in with, and
// onLoggedIn runs once the session is open.
function wireAccountForms(onLoggedIn) {
  $('register-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await api('POST', '/auth/register', {
      email: $('register-email').value, password: $('register-password').value, role: $('register-role').value });
    if (answer.status === 201) {
      say('register-result', 'Registered ' + answer.body.email + '. You can log in now.', true);
      $('login-email').value = answer.body.email;
    } else {
      say('register-result', problem(answer), false);
    }
  });
  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await api('POST', '/auth/login', { email: $('login-email').value, password: $('login-password').value });
    if (answer.status === 200) {
      say('login-result', 'Welcome back.', true);
      await onLoggedIn(answer.body);
    } else {
      say('login-result', problem(answer), false);
    }
  });
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

// Who is logged in; fills the header (#me, #login-link, #logout) and answers the user or null.
async function whoAmI() {
  const answer = await api('GET', '/auth/me');
  const user = answer.status === 200 ? answer.body : null;
  $('me').textContent = user ? 'Logged in as ' + user.email : 'Not logged in.';
  $('login-link').hidden = !!user;
  $('login-link').href = '/account.html?next=' + encodeURIComponent(location.pathname);
  $('logout').hidden = !user;
  return user;
}

function onLogout(then) {
  $('logout').addEventListener('click', async () => {
    await api('POST', '/auth/logout');
    then();
  });
}

// A live channel: WebSocket first, Server-Sent Events when the socket cannot open; calls onData with the data of each
// event of `type`, and onState(open, how) when the channel opens or closes. A closed socket is opened again.
function followLive(path, type, onData, onState) {
  let opened = false;
  const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path);
  socket.onopen = () => { opened = true; onState(true, 'WebSocket'); };
  socket.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === type) onData(event.data);
  };
  socket.onclose = () => {
    onState(false);
    if (opened) {
      setTimeout(() => followLive(path, type, onData, onState), 1000);
      return;
    }
    const source = new EventSource(path);
    source.onopen = () => onState(true, 'SSE');
    source.addEventListener(type, (message) => onData(JSON.parse(message.data)));
    source.onerror = () => onState(false);
  };
}

function setLive(on, how) {
  $('live').textContent = on ? 'live (' + how + ')' : 'offline';
  $('live').className = 'live' + (on ? ' on' : '');
}
