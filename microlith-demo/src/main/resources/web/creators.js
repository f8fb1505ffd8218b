// The creators' portal (seed 003): publish, watch the status turn published, name, and see views per day as a chart.
'use strict';

// pending: ids of videos accepted (202) that the creator's view does not list yet; renamed: id -> the name a rename
// answered (200) that the view does not show yet, with how many looks it has had.
const state = { videos: [], selected: null, polling: false, pending: new Set(), renamed: new Map() };
const MAX_LOOKS_FOR_A_NAME = 40;

async function start() {
  const user = await whoAmI();
  $('login-first').hidden = !!user;
  $('portal').hidden = !user;
  $('videos-section').hidden = !user;
  if (user) await loadVideos();
}

async function loadVideos() {
  const answer = await api('GET', '/creators/videos');
  if (answer.status !== 200) return;
  state.videos = answer.body.videos;
  state.videos.forEach((v) => state.pending.delete(v.id));
  forgetRenamesShown();
  render();
  // Transcoding takes a while, and the view lists an accepted video, or shows its new name, a moment after the
  // command's answer: look again until every accepted video is listed and published or failed, and every rename shown.
  const waiting = state.pending.size > 0 || state.renamed.size > 0
    || state.videos.some((v) => v.status === 'transcoding');
  if (waiting && !state.polling) {
    state.polling = true;
    setTimeout(() => { state.polling = false; loadVideos(); }, 500);
  }
}

// A rename the view shows is done; one it has not shown after MAX_LOOKS_FOR_A_NAME looks (renamed again elsewhere,
// say) is given up, so that the page does not poll for ever.
function forgetRenamesShown() {
  for (const [id, rename] of state.renamed) {
    const video = state.videos.find((v) => v.id === id);
    rename.looks += 1;
    if ((video && video.name === rename.name) || rename.looks >= MAX_LOOKS_FOR_A_NAME) state.renamed.delete(id);
  }
}

function render() {
  $('my-videos').querySelector('tbody').replaceChildren(...state.videos.map((video) => {
    const row = document.createElement('tr');
    row.dataset.videoId = video.id;
    const status = video.status + (video.reason ? ': ' + video.reason : '');
    const actions = document.createElement('td');
    if (video.status === 'published') {
      actions.append(button('Name', 'name-video', () => chooseForNaming(video)),
        button('Analytics', 'show-analytics', () => showAnalytics(video)));
    }
    row.append(cell(video.name, 'name'), cell(status, 'status status-' + video.status), cell(video.views, 'views'),
      cell(when(video.uploadedAt)), actions);
    return row;
  }));
  $('my-videos-empty').hidden = state.videos.length > 0;
}

function button(text, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.className = 'small ' + className;
  b.addEventListener('click', onClick);
  return b;
}

$('publish-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const answer = await api('POST', '/creators/videos', { sourceUri: $('publish-source').value });
  if (answer.status === 202) {
    const location = answer.headers.get('Location') || '';
    state.pending.add(location.substring(location.lastIndexOf('/') + 1));
    say('publish-result', 'Publishing: the video is being transcoded.', true);
    $('publish-source').value = '';
    await loadVideos();
  } else {
    say('publish-result', problem(answer), false);
  }
});

function chooseForNaming(video) {
  state.selected = video;
  $('name-form').hidden = false;
  $('name-label').textContent = video.name;
  $('name-input').value = video.name;
  say('name-result', '', true);
  $('name-input').focus();
}

$('name-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!state.selected) return;
  const id = state.selected.id;
  const answer = await api('POST', '/creators/videos/' + id + '/name', { name: $('name-input').value });
  if (answer.status === 200) {
    say('name-result', 'Named “' + answer.body.name + '”.', true);
    state.renamed.set(id, { name: answer.body.name, looks: 0 });
    $('name-label').textContent = answer.body.name;
    await loadVideos();
  } else {
    say('name-result', 'Rejected: ' + problem(answer), false);
  }
});

async function showAnalytics(video) {
  const answer = await api('GET', '/creators/videos/' + video.id + '/analytics?days=14');
  if (answer.status !== 200) return;
  $('analytics').hidden = false;
  $('analytics-label').textContent = answer.body.name;
  drawChart(answer.body.days);
  $('analytics-total').textContent = answer.body.total + (answer.body.total === 1 ? ' view' : ' views') + ' from '
    + answer.body.from + ' to ' + answer.body.to + ' (UTC).';
}

// A bar per day, drawn as SVG from the JSON: no library, no build step.
function drawChart(days) {
  const svg = $('chart');
  const ns = 'http://www.w3.org/2000/svg';
  const width = 600, height = 180, left = 30, bottom = 20, top = 10;
  const max = Math.max(1, ...days.map((d) => d.views));
  const slot = (width - left) / days.length;
  const shapes = [svg.querySelector('title')];
  const element = (name, attributes, text) => {
    const e = document.createElementNS(ns, name);
    Object.entries(attributes).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  shapes.push(element('text', { x: 2, y: top + 8 }, String(max)), element('text', { x: 2, y: height - bottom }, '0'),
    element('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: '#c5c9d0' }));
  days.forEach((day, i) => {
    const barHeight = (height - bottom - top) * day.views / max;
    const bar = element('rect', { class: 'bar', x: left + i * slot + 2, y: height - bottom - barHeight,
      width: Math.max(1, slot - 4), height: barHeight, 'data-day': day.day, 'data-views': day.views });
    bar.appendChild(element('title', {}, day.day + ': ' + day.views + (day.views === 1 ? ' view' : ' views')));
    shapes.push(bar);
    if (i === 0 || i === days.length - 1) {
      shapes.push(element('text', { x: left + i * slot, y: height - 5 }, day.day.slice(5)));
    }
  });
  svg.replaceChildren(...shapes);
}

onLogout(() => location.reload());
start();
