// The phone's room in two tabs: the poll (the question, its form and results) and the talk (the
// Q&A and the reactions), so the voting view stays uncluttered. The talk tab counts the Q&A
// questions this phone has not seen yet; the poll tab marks a new question that came while the
// talk tab was open. Built by script only: without scripts there is no Q&A or reactions to hide.
// ARIA tabs: arrow keys, Home and End move between the tabs (and show them), Tab goes into the panel.
import { el, tr } from './common.js';
import { load, TYPES } from './types/index.js';

/** Moves the room's parts into tab panels inside <main>; returns the element phone.js draws into. */
export function roomTabs(code) {
  const main = document.getElementById('main');
  const qna = document.getElementById('qna');
  const reactions = document.getElementById('reactions');
  const view = el('div', { id: 'poll-view' });
  view.append(...main.childNodes); // the server's form as it is: text typed before this ran stays
  if (!qna && !reactions) {
    main.append(view);
    return view;
  }
  const seenKey = `poll:qna-seen:${code}`;
  let seen = Number(remembered(seenKey)) || 0;
  let count = 0;
  let questionId;
  let fresh = false;
  let talkFor = null; // the Q&A item whose tab opens as soon as its panel shows
  let autoTalk = false; // the talk tab was opened by that, not by a person

  const unread = el('span', { class: 'tab-count', 'aria-hidden': 'true', hidden: true });
  const unreadText = el('span', { class: 'sr-only' });
  const talkName = el('span', {});
  const freshMark = el('span', { class: 'tab-dot', hidden: true }, el('span', { class: 'sr-only' }, tr('phone.tab_new_question')));
  const pollTab = el('button', { type: 'button', role: 'tab', id: 'tab-poll', 'aria-controls': 'panel-poll' }, tr('phone.tab_poll'), freshMark);
  const talkTab = el('button', { type: 'button', role: 'tab', id: 'tab-talk', 'aria-controls': 'panel-talk' }, talkName, unread, unreadText);
  const tabs = [pollTab, talkTab];
  const list = el('div', { role: 'tablist', class: 'room-tabs', 'aria-label': tr('phone.tabs_label'), hidden: true }, tabs);
  const pollPanel = el('div', { id: 'panel-poll', role: 'tabpanel', 'aria-labelledby': 'tab-poll' }, view);
  // The page's level-one heading while the question's is hidden (the tab shows the same words);
  // in the page only then, so the page never holds two.
  const talkHeading = el('h1', { class: 'sr-only' });
  const talkPanel = el('div', { id: 'panel-talk', role: 'tabpanel', 'aria-labelledby': 'tab-talk' });
  for (const part of [qna, reactions]) {
    if (!part) continue;
    part.classList.remove('wrap'); // <main> is the page's column already
    talkPanel.append(part);
  }
  main.replaceChildren(list, pollPanel, talkPanel);

  const talkOpen = () => talkTab.getAttribute('aria-selected') === 'true';

  function show(tab, focus = false) {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
    }
    if (tab === talkTab) {
      markSeen();
      talkPanel.prepend(talkHeading);
    } else {
      fresh = false;
      talkHeading.remove();
    }
    draw();
    if (focus) tab.focus();
  }

  function markSeen() {
    seen = count;
    remember(seenKey, String(seen));
  }

  // The tabs show while the talk panel has something (Q&A on, or reactions while live).
  function draw() {
    const hasQna = !!qna && !qna.hidden;
    const hasReactions = !!reactions && !reactions.hidden;
    const any = hasQna || hasReactions;
    if (talkFor && talkFor === questionId && hasQna) {
      talkFor = null;
      autoTalk = true;
      show(talkTab); // draws again
      return;
    }
    if (!any && talkOpen()) show(pollTab);
    list.hidden = !any;
    document.body.classList.toggle('tabbed', any);
    talkName.textContent = tr(hasQna && hasReactions ? 'phone.tab_talk' : hasQna ? 'phone.tab_qna' : 'phone.tab_reactions');
    talkHeading.textContent = talkName.textContent;
    if (talkOpen()) markSeen();
    const n = hasQna ? Math.max(0, count - seen) : 0;
    unread.hidden = !n;
    unread.textContent = n > 99 ? '99+' : String(n);
    unreadText.textContent = n ? tr(n === 1 ? 'phone.tab_unread_one' : 'phone.tab_unread', { n }) : '';
    freshMark.hidden = !fresh;
  }

  list.addEventListener('click', (event) => {
    const tab = event.target.closest('[role=tab]');
    if (tab) show(tab);
  });
  list.addEventListener('keydown', (event) => {
    const at = tabs.indexOf(document.activeElement);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (at < 0 || to === undefined) return;
    event.preventDefault();
    show(tabs[(to + tabs.length) % tabs.length], true);
  });
  // The Q&A and the reactions show or hide themselves (qna-phone.js, reactions-phone.js).
  const watch = new MutationObserver(draw);
  for (const part of [qna, reactions]) if (part) watch.observe(part, { attributes: true, attributeFilter: ['hidden'] });
  document.addEventListener('poll:qna-count', (event) => {
    count = event.detail;
    if (seen > count) seen = count; // questions deleted or hidden since
    draw();
  });
  document.addEventListener('poll:message', (event) => {
    const msg = event.detail;
    if (msg.type !== 'state') return;
    const question = msg.state.question;
    const id = question?.id ?? null;
    if (questionId !== undefined && id !== questionId && id && talkOpen()) fresh = true;
    if (id !== questionId) followItem(question);
    questionId = id;
    draw();
  });
  // An item of the deck that is the Q&A (a type with opensQna) is in the talk tab: the phone goes
  // there when the room reaches it (once the server has opened the panel), and back to the poll
  // when the room moves on, unless the person chose a tab themselves meanwhile.
  function followItem(question) {
    if (autoTalk && talkOpen()) {
      fresh = false;
      show(pollTab);
    }
    autoTalk = false;
    talkFor = null;
    if (!question || !qna) return;
    load([question.type]).then(() => {
      if (TYPES[question.type]?.opensQna && questionId === question.id) {
        talkFor = question.id;
        draw();
      }
    }, () => {});
  }
  list.addEventListener('click', () => { autoTalk = false; });
  list.addEventListener('keydown', () => { autoTalk = false; });
  show(pollTab);
  return view;
}

// What this tab has seen, kept over a reload (storage may be refused: private modes, settings).
function remembered(key) {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key, value) {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // nothing kept: the count starts afresh on a reload
  }
}
