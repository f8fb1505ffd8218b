// Register and log in, then go back to the page that sent us here (?next=/creators), or home.
'use strict';

// Only a path of this site: never another origin ("//evil.example" or "https://...").
function next() {
  const target = new URLSearchParams(location.search).get('next') || '/';
  return /^\/(?![\/\\])/.test(target) ? target : '/';
}

wireAccountForms(() => location.assign(next()));

whoAmI();
onLogout(() => whoAmI());
