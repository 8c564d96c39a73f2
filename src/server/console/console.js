// The carevoice console. It talks to the server that served it, and to nothing else:
// speech is recognised on this device only, and the browser's own voice is used only
// when it is a voice of this device.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { overview: null, session: null, reply: null, rates: {} };

document.addEventListener('DOMContentLoaded', start);

async function start() {
  const overview = await getJson('/console/content');
  if (!overview) return;
  for (const rate of overview.rates) {
    const option = new Option(rate.name, rate.name, rate.name === 'normal', rate.name === 'normal');
    $('rate').add(option);
    state.rates[rate.name] = rate.factor;
  }
  for (const locale of overview.locales) {
    $('locale').add(new Option(locale, locale, locale === overview.locale, locale === overview.locale));
  }
  showOverview(overview);
  if (!overview.server_audio) {
    $('audio').hidden = true;
    $('speak-again').hidden = false;
    $('audio-note').textContent = `No audio from the server: ${overview.audio_advice} Replies are spoken by this browser's own voice instead, if it has one.`;
  }
  $('large').checked = localStorage.getItem('carevoice-large') === 'yes';
  document.documentElement.classList.toggle('large', $('large').checked);
  $('large').addEventListener('change', () => {
    document.documentElement.classList.toggle('large', $('large').checked);
    localStorage.setItem('carevoice-large', $('large').checked ? 'yes' : 'no');
  });
  $('ask').addEventListener('submit', (event) => {
    event.preventDefault();
    const words = $('utterance').value.trim();
    if (words) turn({ utterance: words }, words);
  });
  for (const button of document.querySelectorAll('#commands button')) {
    button.addEventListener('click', () => turn({ intent: button.dataset.intent }, button.textContent));
  }
  $('flavor').addEventListener('change', showSsml);
  $('rate').addEventListener('change', () => play(false));
  $('speak-again').addEventListener('click', () => play(true));
  $('locale').addEventListener('change', changeLocale);
  setUpSpeaking();
}

// What the page shows beside the conversation, for one locale.
function showOverview(overview) {
  state.overview = overview;
  $('version').textContent = `${overview.version} (${overview.locale})`;
  $('findings').textContent = overview.findings.join('\n');
  showSource([]);
  showMap(overview.map_svg);
}

// Another locale: its source, map and findings, and a new conversation in it.
async function changeLocale() {
  const overview = await getJson(`/console/content?${new URLSearchParams({ locale: $('locale').value })}`);
  if (!overview) return;
  showOverview(overview);
  state.session = null;
  state.reply = null;
  say(`Now in ${overview.locale}: open the skill or ask a question.`);
  setUpSpeaking();
}

async function getJson(path, options) {
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    say(`The server did not answer: ${error.message}`);
    return null;
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    say(body && body.error ? `${body.error.code}: ${body.error.message}` : `The server answered ${response.status}.`);
    return null;
  }
  return body;
}

function say(message) {
  $('status').textContent = message;
}

async function turn(asked, shown) {
  say('Asking…');
  const body = { ...asked, locale: $('locale').value };
  if (state.session && asked.intent !== 'LaunchRequest') body.session = state.session;
  const reply = await getJson('/console/turn', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!reply) return;
  say('');
  state.reply = reply;
  state.session = reply.end_session ? null : reply.session;
  $('utterance').value = '';
  addToTranscript('you', `You: ${shown}`);
  addToTranscript('skill', `Skill: ${reply.speech ? reply.speech.text : '(says nothing)'}`);
  showReply(reply);
}

function addToTranscript(who, text) {
  const item = document.createElement('li');
  item.className = who;
  item.textContent = text;
  $('transcript').append(item);
  $('transcript').scrollTop = $('transcript').scrollHeight;
}

// Scrolls `box` (a scrolling panel) so that `element` is in the middle of it, without
// moving the page.
function scrollWithin(box, element) {
  const boxRect = box.getBoundingClientRect();
  const rect = element.getBoundingClientRect();
  box.scrollTop += rect.top - boxRect.top - (box.clientHeight - rect.height) / 2;
  box.scrollLeft += rect.left - boxRect.left - (box.clientWidth - rect.width) / 2;
}

function showReply(reply) {
  const cited = reply.part ? reply.part.cited : [];
  const marks = showSource(cited.flatMap((sentence) => sentence.passages));
  showWords(reply.speech ? reply.speech.text : '', cited, marks);
  const confidence = reply.intent.confidence.toFixed(2);
  $('intent').textContent = `${reply.intent.name}, confidence ${confidence}${reply.end_session ? '; the session ends' : ''}`;
  const rows = $('likeliest').tBodies[0];
  rows.replaceChildren();
  for (const likely of reply.likeliest) {
    const row = rows.insertRow();
    row.insertCell().textContent = likely.intent;
    row.insertCell().textContent = likely.probability.toFixed(3);
  }
  $('likeliest').hidden = reply.likeliest.length === 0;
  $('session').textContent = JSON.stringify(reply.session, null, 2);
  $('rate').value = reply.rate;
  showSsml();
  markPlace(reply.place);
  play($('autoplay').checked);
}

function showSsml() {
  const reply = state.reply;
  if (!reply) return;
  const flavor = $('flavor').value;
  $('ssml').textContent = reply.speech ? reply.speech.ssml[flavor] : '(nothing is said)';
  $('reprompt').textContent = reply.reprompt ? reply.reprompt.ssml[flavor] : '(none: the session ends)';
}

// The reply's words, each medical sentence a link to the first passage it comes from.
function showWords(text, cited, marks) {
  const words = $('words');
  words.replaceChildren();
  let at = 0;
  for (const sentence of cited) {
    const found = text.indexOf(sentence.sentence, at);
    if (found < 0 || sentence.passages.length === 0) continue;
    words.append(text.slice(at, found));
    const link = document.createElement('a');
    link.className = 'cited';
    link.href = `#${marks.get(sentence.passages[0].start)}`;
    link.textContent = sentence.sentence;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      focusPassages(sentence.passages.map((passage) => marks.get(passage.start)));
    });
    words.append(link);
    at = found + sentence.sentence.length;
  }
  words.append(text.slice(at));
}

// The source text, with `passages` (byte ranges of its UTF-8) marked. Returns the id of
// the mark holding each passage's start.
function showSource(passages) {
  const bytes = new TextEncoder().encode(state.overview.source);
  const decode = (from, to) => new TextDecoder().decode(bytes.subarray(from, to));
  const merged = [];
  for (const passage of [...passages].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && passage.start <= last.end) last.end = Math.max(last.end, passage.end);
    else merged.push({ start: passage.start, end: passage.end });
  }
  const marks = new Map();
  const source = $('source');
  source.replaceChildren();
  let at = 0;
  merged.forEach((range, index) => {
    source.append(decode(at, range.start));
    const mark = document.createElement('mark');
    mark.id = `passage-${index}`;
    mark.tabIndex = -1;
    mark.textContent = decode(range.start, range.end);
    source.append(mark);
    at = range.end;
    for (const passage of passages) {
      if (passage.start >= range.start && passage.start < range.end) marks.set(passage.start, mark.id);
    }
  });
  source.append(decode(at, bytes.length));
  const first = source.querySelector('mark');
  if (first) scrollWithin(source, first);
  return marks;
}

function focusPassages(ids) {
  for (const mark of document.querySelectorAll('#source mark.focused')) mark.classList.remove('focused');
  const marks = ids.map((id) => $(id)).filter(Boolean);
  for (const mark of marks) mark.classList.add('focused');
  if (marks.length) {
    scrollWithin($('source'), marks[0]);
    marks[0].focus({ preventScroll: true });
  }
}

function showMap(svgText) {
  const svg = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
  // The page's own style sheet sets the map's fonts.
  for (const style of svg.querySelectorAll('style')) style.remove();
  $('map').replaceChildren(document.importNode(svg, true));
}

// Marks the map's box for `place`, named as the map names it.
function markPlace(place) {
  $('place').textContent = place;
  for (const rect of document.querySelectorAll('#map rect.here')) rect.classList.remove('here');
  for (const text of document.querySelectorAll('#map text')) {
    const box = text.previousElementSibling && text.previousElementSibling.querySelector('rect');
    if (box && text.textContent.trim() === place) {
      box.classList.add('here');
      scrollWithin($('map'), box);
    }
  }
}

// Plays the last reply at the chosen rate: the server's audio, else this device's voice.
function play(now) {
  const reply = state.reply;
  if (!reply || !reply.speech) return;
  const rate = $('rate').value;
  if (state.overview.server_audio) {
    const audio = $('audio');
    audio.src = `/console/audio?${new URLSearchParams({ rate, text: reply.speech.text })}`;
    if (now) audio.play().catch(() => {});
  } else if (now) {
    speakHere(reply.speech.text, state.rates[rate]);
  }
}

function speakHere(text, factor) {
  if (!('speechSynthesis' in window)) {
    $('audio-note').textContent = 'This browser cannot speak either: install espeak-ng on the server to hear replies.';
    return;
  }
  const lang = $('locale').value;
  const voice = speechSynthesis.getVoices().find((v) => v.localService && v.lang.startsWith(lang.slice(0, 2)));
  if (!voice) {
    $('audio-note').textContent = `This browser has no ${lang} voice of its own on this device: install espeak-ng on the server to hear replies.`;
    return;
  }
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = lang;
  utterance.rate = factor;
  speechSynthesis.cancel();
  speechSynthesis.speak(utterance);
}

// Offers the microphone only where speech in the chosen locale is recognised on this
// device, by a browser that can be told to keep it there.
async function setUpSpeaking() {
  const locale = $('locale').value;
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  const note = $('mic-note');
  $('mic').hidden = true;
  note.replaceChildren();
  const local = Recognition && typeof Recognition.available === 'function' && 'processLocally' in Recognition.prototype;
  if (!local) {
    note.textContent = 'To speak instead of typing, use a browser that recognises speech on this device; the console sends your voice nowhere else.';
    return;
  }
  const options = { langs: [locale], processLocally: true };
  const status = await Recognition.available(options).catch(() => 'unavailable');
  if (status === 'available') {
    offerMicrophone(Recognition, locale);
  } else if (status === 'downloadable' || status === 'downloading') {
    note.textContent = `This browser can recognise ${locale} speech on this device once its language pack is installed. `;
    const install = document.createElement('button');
    install.type = 'button';
    install.textContent = 'Install it';
    install.addEventListener('click', async () => {
      install.disabled = true;
      if (await Recognition.install(options).catch(() => false)) {
        note.textContent = '';
        offerMicrophone(Recognition, locale);
      } else {
        note.textContent = 'The language pack could not be installed; type instead.';
      }
    });
    note.append(install);
  } else {
    note.textContent = `This browser cannot recognise ${locale} speech on this device; type instead.`;
  }
}

function offerMicrophone(Recognition, locale) {
  const mic = $('mic');
  mic.hidden = false;
  let listening = null;
  mic.onclick = () => {
    if (listening) {
      listening.stop();
      return;
    }
    listening = new Recognition();
    listening.lang = locale;
    listening.processLocally = true;
    listening.interimResults = false;
    listening.maxAlternatives = 1;
    listening.addEventListener('result', (event) => {
      const words = event.results[0][0].transcript;
      turn({ utterance: words }, words);
    });
    listening.addEventListener('error', (event) => say(`Speech recognition: ${event.error}`));
    listening.addEventListener('end', () => {
      listening = null;
      mic.setAttribute('aria-pressed', 'false');
      say('');
    });
    mic.setAttribute('aria-pressed', 'true');
    say('Listening. Press Speak again to stop.');
    listening.start();
  };
}
