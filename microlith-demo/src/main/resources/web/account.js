// Register and log in, then go back to the page that sent us here (?next=/creators), or home.
'use strict';

// Only a path of this site: never another origin ("//evil.example" or "https://...").
function next() {
  const target = new URLSearchParams(location.search).get('next') || '/';
  return /^\/(?![\/\\])/.test(target) ? target : '/';
}

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
    location.assign(next());
  } else {
    say('login-result', problem(answer), false);
  }
});

whoAmI();
onLogout(() => whoAmI());
