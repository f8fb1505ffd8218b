// The home page (seed 003): videos watched in all, the most watched videos, the published ones; live from /home-page-events.
'use strict';

function render(page) {
  $('videos-watched').textContent = page.videosWatched;
  $('most-watched').replaceChildren(...page.mostWatched.map((video) => {
    const item = document.createElement('li');
    item.textContent = video.name + ' — ' + video.views + (video.views === 1 ? ' view' : ' views');
    return item;
  }));
  $('most-watched-empty').hidden = page.mostWatched.length > 0;
  $('videos').querySelector('tbody').replaceChildren(...page.videos.map((video) => {
    const row = document.createElement('tr');
    row.dataset.videoId = video.id;
    const watch = document.createElement('button');
    watch.textContent = '▶ Watch';
    watch.className = 'small watch';
    watch.addEventListener('click', () => recordViewing(video));
    const action = document.createElement('td');
    action.appendChild(watch);
    row.append(cell(video.name, 'name'), cell(video.views, 'views'), cell(when(video.publishedAt)), action);
    return row;
  }));
  $('videos-empty').hidden = page.videos.length > 0;
}

async function load() {
  const answer = await api('GET', '/home-page');
  if (answer.status === 200) render(answer.body);
}

async function recordViewing(video) {
  const answer = await api('POST', '/record-viewing/' + encodeURIComponent(video.id));
  if (answer.status === 202) {
    say('watch-result', 'Watching “' + video.name + '”: your viewing is recorded.', true);
    if ($('live').className.indexOf('on') < 0) setTimeout(load, 300); // no live channel: look again
  } else {
    say('watch-result', problem(answer), false);
  }
}

whoAmI();
onLogout(() => whoAmI());
load();
followLive('/home-page-events', 'home-page', render, (on, how) => {
  setLive(on, how);
  if (on) load(); // anything that changed before the channel opened
});
