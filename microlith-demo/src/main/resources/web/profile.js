// My profile (seed 002): the current state, changes, the history, and the profile as it was after any change.
'use strict';

const state = { user: null };

function describe(profile) {
  return [['Display name', profile.displayName], ['E-mail', profile.email], ['Active', profile.active ? 'yes' : 'no, deactivated'],
    ['Version', profile.version], ['Created', when(profile.createdAt)], ['Last changed', when(profile.updatedAt)]]
    .flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    });
}

async function start() {
  state.user = await whoAmI();
  $('login-first').hidden = !!state.user;
  $('profile-section').hidden = !state.user;
  $('history-section').hidden = !state.user;
  if (state.user) await Promise.all([load(), loadAdmin()]);
}

async function load() {
  const answer = await api('GET', '/users/' + state.user.userId);
  if (answer.status !== 200) {
    $('profile').replaceChildren(document.createTextNode(problem(answer)));
    return;
  }
  $('profile').replaceChildren(...describe(answer.body));
  $('profile-display-name').value = answer.body.displayName;
  $('profile-email').value = answer.body.email;
  $('profile-submit').disabled = !answer.body.active;
  $('deactivate').disabled = !answer.body.active;
  await loadHistory();
}

function summary(change) {
  const data = change.data;
  switch (change.type) {
    case 'ProfileCreated': return 'created as ' + data.displayName + ' <' + data.email + '>';
    case 'DisplayNameChanged': return 'display name: ' + data.previous + ' → ' + data.displayName;
    case 'EmailChanged': return 'e-mail: ' + data.previous + ' → ' + data.email;
    case 'ProfileDeactivated': return 'deactivated';
    default: return change.type;
  }
}

async function loadHistory() {
  const answer = await api('GET', '/users/' + state.user.userId + '/history');
  if (answer.status !== 200) return;
  $('history').querySelector('tbody').replaceChildren(...answer.body.changes.map((change) => {
    const row = document.createElement('tr');
    const view = document.createElement('button');
    view.type = 'button';
    view.className = 'small';
    view.textContent = 'As it was';
    view.addEventListener('click', () => asOf(change.position));
    const action = document.createElement('td');
    action.appendChild(view);
    row.append(cell(change.position), cell(when(change.time)), cell(summary(change)), action);
    return row;
  }));
}

async function asOf(position) {
  const answer = await api('GET', '/users/' + state.user.userId + '?atPosition=' + position);
  if (answer.status !== 200) return;
  $('as-of-card').hidden = false;
  $('as-of-position').textContent = position;
  $('as-of').replaceChildren(...describe(answer.body));
}

$('profile-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const answer = await api('PATCH', '/users/' + state.user.userId,
    { displayName: $('profile-display-name').value, email: $('profile-email').value });
  if (answer.status === 200) {
    say('profile-result', 'Saved.', true);
    await load();
  } else {
    say('profile-result', problem(answer), false);
  }
});

$('deactivate').addEventListener('click', async () => {
  if (!confirm('Deactivate your profile for good?')) return;
  const answer = await api('PATCH', '/users/' + state.user.userId, { active: false });
  say('profile-result', answer.status === 200 ? 'Deactivated.' : problem(answer), answer.status === 200);
  await load();
});

// "Forget me" (decision 0087): the address and name become unreadable everywhere, and the session ends with it.
$('forget').addEventListener('click', async () => {
  if (!confirm('Forget you for good? Your address and name are erased everywhere, and you cannot log in again.')) return;
  const answer = await api('DELETE', '/users/' + state.user.userId);
  if (answer.status === 204) {
    location.href = '/';
  } else {
    say('profile-result', problem(answer), false);
  }
});

// Only administrators (--admins) see the users view's copies and may rebuild it.
async function loadAdmin() {
  const answer = await api('GET', '/admin/users-view');
  if (answer.status !== 200) return;
  $('admin-card').hidden = false;
  $('view-active').textContent = answer.body.active;
  const progress = answer.body.progress;
  $('view-progress').textContent = progress ? (answer.body.rebuilding ? 'Rebuilding: ' : 'Last rebuild: ')
    + progress.messages + ' events, ' + Math.round(progress.fraction * 100) + '%, ' + progress.elapsedMs + ' ms' : '';
  if (answer.body.rebuilding) setTimeout(loadAdmin, 300);
}

$('rebuild').addEventListener('click', async () => {
  const answer = await api('POST', '/admin/users-view/rebuild');
  say('rebuild-result', answer.status === 202 ? 'Rebuilding…' : problem(answer), answer.status === 202);
  await loadAdmin();
});

onLogout(() => location.reload());
start();
